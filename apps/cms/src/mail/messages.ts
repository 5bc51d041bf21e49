/** Every human string of the admin mail pages (one place, for the later translation). */
export const MAIL_PAGE = {
  listTitle: 'Written mail',
  showTitle: 'Message',
  filesIntro:
    'No SMTP_URL is set: instead of being sent, every message is written as an .eml file under DATA_DIR/mail and listed here, newest first.',
  smtpIntro:
    'Mail is sent through the SMTP server in SMTP_URL. Messages written before it was set are still listed here.',
  empty: 'No message has been written yet.',
  notFound: 'No such message.',
} as const;
