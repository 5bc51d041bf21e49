import type { MailMessage } from '../mail/mail-transport.js';

/** Every human string of password change and reset (one place, for the later translation). */
export const PASSWORD_TEXT = {
  changeTitle: 'Change your password',
  forgotTitle: 'Forgot your password?',
  resetTitle: 'Choose a new password',
  currentRequired: 'Enter your current password.',
  currentWrong: 'That is not your current password.',
  mismatch: 'The two new passwords differ.',
  sameAsCurrent: 'The new password is your current one.',
  linkInvalid:
    'This link is not valid: it was already used, it expired (links work for an hour), or it was cut short. Ask for a new one.',
  resetSent:
    'If an account uses this address, we sent it a link to choose a new password. The link works for an hour.',
  notices: {
    changed: 'Your password was changed. Every other session of your account was ended.',
  } as Record<string, string>,
} as const;

export function resetMail(site: string, username: string, to: string, link: string): MailMessage {
  return {
    to,
    subject: `Reset your ${site} password`,
    text: [
      `Hello ${username},`,
      '',
      `someone (we hope you) asked to reset the password of your account on ${site}.`,
      'To choose a new password, open this link within an hour; it works once:',
      link,
      '',
      'If you did not ask for this, ignore this message: your password stays as it is.',
      '',
    ].join('\n'),
  };
}
