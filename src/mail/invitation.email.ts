import { escapeHtml } from './email-html.js';
import type { MailMessage } from './mail.js';

/** The email that carries a project invitation's token: text and HTML, same content. */
export function invitationEmail(to: string, projectName: string, role: string, token: string, expiresAt: Date): MailMessage {
  // To the minute, in UTC: a validity given in whole days read "0 days" for one under a day.
  const until = `${expiresAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  const subject = `You are invited to the project ${projectName}`;
  const text = [
    'Hello,',
    '',
    `You are invited to join the project "${projectName}" as ${role}.`,
    '',
    `Your invitation token is: ${token}`,
    '',
    `Log in with the account of this email address and accept it (GraphQL acceptInvitation, or POST /api/projects/invitations/accept) before ${until}. It can be used once.`,
    'If you do not know this project, ignore this email.',
  ].join('\n');
  const html = `<!doctype html>
<html><body style="font-family: sans-serif">
<p>Hello,</p>
<p>You are invited to join the project <b>${escapeHtml(projectName)}</b> as ${escapeHtml(role)}.</p>
<p>Your invitation token is:</p>
<p style="font-family: monospace; font-size: 16px">${token}</p>
<p>Log in with the account of this email address and accept it (GraphQL <code>acceptInvitation</code>, or <code>POST /api/projects/invitations/accept</code>) before ${until}. It can be used once.</p>
<p>If you do not know this project, ignore this email.</p>
</body></html>`;
  return { to, subject, text, html };
}
