/** Every human string of the login and registration pages (one place, for the later translation). */
export const LOGIN_TEXT = {
  loginTitle: 'Log in',
  registerTitle: 'Register',
  checkMailTitle: 'Check your mail',
  secondStepTitle: 'Two-factor sign-in',
  failed: 'Wrong username or password, or the account is disabled.',
  throttled: 'Too many failed logins. Wait a few minutes and try again.',
  unconfirmed: 'Confirm your e-mail address first: open the link we sent you when you signed up.',
  wrongCode: 'That code is not right. Enter the current code from your app, or one of your recovery codes.',
  pendingExpired: 'This sign-in took too long. Enter your username and password again.',
  notices: {
    reset:
      'Your password was changed and every session of your account was ended. Log in with the new password.',
    confirmed: 'Your e-mail address is confirmed. You can log in now.',
    'email-changed': 'Your e-mail address was changed.',
    'signed-out': 'You are logged out of this session.',
  } as Record<string, string>,
} as const;
