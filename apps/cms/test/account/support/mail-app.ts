import { afterAll, beforeAll } from '@jest/globals';
import { Mailer } from '../../../src/mail/mailer.service.js';
import { createTestApp, type TestApp, type TestDatabase } from '../../support/index.js';
import { type SmtpSink, type SmtpSinkOptions, startSmtpSink } from './smtp-sink.js';

/** Links in mail point here (SITE_URL): tests check the host, then request the path. */
export const SITE_URL = 'http://tracker.site.test';

export interface MailTestApp {
  readonly site: TestApp;
  readonly smtp: SmtpSink;
  /** Resolves once every message the site handed over has been sent. */
  mailSent(): Promise<void>;
}

/**
 * Boots an SMTP sink, then the CMS sending through it (SMTP_URL), before the enclosing
 * describe's tests; closes both after them. Use from hooks and tests only.
 */
export function useMailTestApp(
  database: TestDatabase,
  env: Record<string, string> = {},
  smtpOptions: SmtpSinkOptions = {},
): MailTestApp {
  let site: TestApp | undefined;
  let smtp: SmtpSink | undefined;
  const booted = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the mail test app is not booted yet');
    return value;
  };

  beforeAll(async () => {
    smtp = await startSmtpSink(smtpOptions);
    site = await createTestApp({ database, env: { SMTP_URL: smtp.url, SITE_URL, ...env } });
  }, 60_000);

  afterAll(async () => {
    await site?.close();
    await smtp?.close();
  });

  return {
    get site() {
      return booted(site);
    },
    get smtp() {
      return booted(smtp);
    },
    mailSent: () => booted(site).app.get(Mailer).whenIdle(),
  };
}
