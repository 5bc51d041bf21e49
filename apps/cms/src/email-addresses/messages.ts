import type { MailMessage } from '../mail/mail-transport.js';

/** Every human string of e-mail confirmation and change (one place, for the later translation). */
export const EMAIL_TEXT = {
  changeTitle: 'Change your e-mail address',
  confirmTitle: 'Confirm your e-mail address',
  resendTitle: 'Send the confirmation link again',
  linkInvalid:
    'This link is not valid: it was already used, it expired, or it was cut short. Ask for a new one.',
  sameAddress: 'That is already your address.',
  wrongPassword: 'That is not your current password.',
  passwordRequired: 'Enter your current password.',
  resendSent:
    'If an account with this address is waiting for confirmation, a new link is on its way. It works for 48 hours.',
  notices: {
    'change-sent':
      'We sent a link to your new address. Your address changes when you open it (within 24 hours).',
    changed: 'Your e-mail address was changed.',
    confirmed: 'Your e-mail address is confirmed. You can log in now.',
  } as Record<string, string>,
} as const;

export function signupConfirmationMail(
  site: string,
  username: string,
  to: string,
  link: string,
): MailMessage {
  return {
    to,
    subject: `Confirm your e-mail address for ${site}`,
    text: [
      `Hello ${username},`,
      '',
      `to finish creating your account on ${site}, open this link within 48 hours:`,
      link,
      '',
      'If you did not sign up, ignore this message: no account will be usable with this address.',
      '',
    ].join('\n'),
  };
}

export function changeConfirmationMail(
  site: string,
  username: string,
  to: string,
  link: string,
): MailMessage {
  return {
    to,
    subject: `Confirm your new e-mail address for ${site}`,
    text: [
      `Hello ${username},`,
      '',
      `you asked to use this address for your account on ${site}. To confirm it, open this link within 24 hours:`,
      link,
      '',
      'If you did not ask for this, ignore this message: nothing changes.',
      '',
    ].join('\n'),
  };
}

export function changeNoticeMail(site: string, username: string, to: string, newEmail: string): MailMessage {
  return {
    to,
    subject: `Your e-mail address on ${site} is being changed`,
    text: [
      `Hello ${username},`,
      '',
      `someone logged in to your account on ${site} asked to change its e-mail address to ${newEmail}.`,
      'It changes only when the link sent to that address is opened.',
      '',
      'If this was not you, log in, change your password and end your other sessions.',
      '',
    ].join('\n'),
  };
}
