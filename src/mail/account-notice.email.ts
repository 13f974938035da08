import { escapeHtml } from './email-html.js';
import type { MailMessage } from './mail.js';

const IF_NOT_YOU = 'If this was not you, reset your password at once and contact support.';

/** The notice an owner gets when their password was changed while logged in. */
export function passwordChangedEmail(to: string, username: string): MailMessage {
  return notice(to, username, 'Your password was changed', ['The password of your account was just changed. Every other session was logged out.', IF_NOT_YOU]);
}

/** The notice an owner gets when their account was deleted. */
export function accountDeletedEmail(to: string, username: string): MailMessage {
  return notice(to, username, 'Your account was deleted', [
    'Your account and all of its tasks were deleted. This cannot be undone.',
    'If this was not you, contact support.',
  ]);
}

function notice(to: string, username: string, subject: string, paragraphs: string[]): MailMessage {
  const text = [`Hello ${username},`, '', ...paragraphs.flatMap((p) => [p, ''])].join('\n').trimEnd();
  const html = `<!doctype html>
<html><body style="font-family: sans-serif">
<p>Hello ${escapeHtml(username)},</p>
${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}
</body></html>`;
  return { to, subject, text, html };
}
