import { escapeHtml } from './email-html.js';
import type { MailMessage } from './mail.js';

/** The email that carries a password-reset code: text and HTML, same content. */
export function resetCodeEmail(to: string, username: string, code: string, ttlMinutes: number): MailMessage {
  const subject = 'Your password reset code';
  const text = [
    `Hello ${username},`,
    '',
    `Your password reset code is: ${code}`,
    '',
    `It is valid for ${ttlMinutes} minutes and can be used once.`,
    'If you did not ask to reset your password, ignore this email: your password stays as it is.',
  ].join('\n');
  const html = `<!doctype html>
<html><body style="font-family: sans-serif">
<p>Hello ${escapeHtml(username)},</p>
<p>Your password reset code is:</p>
<p style="font-size: 28px; font-weight: bold; letter-spacing: 6px">${code}</p>
<p>It is valid for ${ttlMinutes} minutes and can be used once.</p>
<p>If you did not ask to reset your password, ignore this email: your password stays as it is.</p>
</body></html>`;
  return { to, subject, text, html };
}
