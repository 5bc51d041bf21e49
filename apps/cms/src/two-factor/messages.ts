/** Every human string of two-factor sign-in (one place, for the later translation). */
export const TWO_FACTOR_TEXT = {
  pageTitle: 'Two-factor sign-in',
  codesTitle: 'Your recovery codes',
  alreadyOn: 'Two-factor sign-in is already on.',
  wrongCode: 'That code is not right. Enter the current code from your app, or a recovery code.',
  codeRequired: 'Enter the six-digit code from your app.',
  proofRequired: 'Enter a code from your app, a recovery code or your password.',
  proofWrong: 'Neither the code nor the password is right.',
  staffRequiredApi: 'Staff accounts must turn on two-factor sign-in (at /account/2fa) first.',
  notices: {
    enabled: 'Two-factor sign-in is on. Keep your recovery codes somewhere safe.',
    disabled: 'Two-factor sign-in is off.',
    codes: 'New recovery codes were made; the old ones no longer work.',
    required: 'Staff accounts must turn on two-factor sign-in before they use staff pages.',
  } as Record<string, string>,
} as const;
