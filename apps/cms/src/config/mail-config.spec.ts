import { describe, expect, it } from '@jest/globals';
import { MailConfigError, parseMailConfig } from './mail-config.js';

describe('parseMailConfig', () => {
  it('writes files and links to localhost:<CMS_PORT> when nothing is set', () => {
    expect(parseMailConfig({}, 3000)).toEqual({
      smtpUrl: undefined,
      from: 'noreply@localhost',
      siteUrl: 'http://localhost:3000',
    });
    expect(parseMailConfig({}, 8080).siteUrl).toBe('http://localhost:8080');
  });

  it('reads SMTP_URL, MAIL_FROM and SITE_URL, without the trailing slash of the site', () => {
    const config = parseMailConfig(
      {
        SMTP_URL: 'smtps://user:pass@mail.example.org:465',
        MAIL_FROM: 'Tracker <noreply@example.org>',
        SITE_URL: 'https://tracker.example.org/',
      },
      3000,
    );
    expect(config).toEqual({
      smtpUrl: 'smtps://user:pass@mail.example.org:465',
      from: 'Tracker <noreply@example.org>',
      siteUrl: 'https://tracker.example.org',
    });
  });

  it('derives the default From from the site host', () => {
    expect(parseMailConfig({ SITE_URL: 'https://t.example.org' }, 3000).from).toBe('noreply@t.example.org');
  });

  it.each([
    [{ SMTP_URL: 'http://mail.example.org' }, /SMTP_URL must start with smtp:\/\/ or smtps:\/\//],
    [{ SMTP_URL: 'not a url' }, /SMTP_URL is not a valid URL/],
    [{ SITE_URL: 'ftp://x.example.org' }, /SITE_URL must start with http:\/\/ or https:\/\//],
    [{ SITE_URL: 'https://x.example.org/?a=1' }, /SITE_URL must have no query string/],
    [{ MAIL_FROM: 'nobody' }, /MAIL_FROM must be an address/],
    [{ MAIL_FROM: 'a@b.example\r\nBcc: victim@example.org' }, /MAIL_FROM must be an address/],
  ])('refuses %j with one line naming the variable', (env, message) => {
    expect(() => parseMailConfig(env, 3000)).toThrow(MailConfigError);
    expect(() => parseMailConfig(env, 3000)).toThrow(message);
  });
});
