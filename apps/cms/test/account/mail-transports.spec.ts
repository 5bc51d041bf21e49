import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { simpleParser } from 'mailparser';
import { FileMailTransport } from '../../src/mail/file-mail-transport.js';
import { MailFiles } from '../../src/mail/mail-files.js';
import { SmtpMailTransport } from '../../src/mail/smtp-mail-transport.js';
import { type SmtpSink, startSmtpSink } from './support/smtp-sink.js';

const MESSAGE = {
  to: 'alice@example.test',
  subject: 'Réinitialiser — reset your password',
  text: 'Open http://tracker.site.test/password/reset/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA within an hour.\nПривет.\n',
};

describe('SmtpMailTransport against a real SMTP server', () => {
  describe('smtps:// with a login', () => {
    let sink: SmtpSink;
    beforeAll(async () => {
      sink = await startSmtpSink({ secure: true, credentials: { user: 'site', pass: 'p@ss word' } });
    });
    afterAll(() => sink.close());

    it('delivers over TLS, logged in, from MAIL_FROM, with the text intact', async () => {
      const transport = new SmtpMailTransport(sink.url, 'Tracker <noreply@tracker.site.test>');
      await transport.send(MESSAGE);
      transport.close();
      const mail = await sink.nextMailTo(MESSAGE.to);
      expect(mail.authUser).toBe('site');
      expect(mail.envelopeFrom).toBe('noreply@tracker.site.test');
      expect(mail.subject).toBe(MESSAGE.subject);
      expect(mail.text).toBe(MESSAGE.text);
    });

    it('rejects the send when the login is wrong', async () => {
      const wrong = sink.url.replace('p%40ss%20word', 'nope');
      const transport = new SmtpMailTransport(wrong, 'noreply@tracker.site.test');
      await expect(transport.send(MESSAGE)).rejects.toThrow(/Invalid login|Invalid username/i);
      transport.close();
    });
  });

  it('rejects, within its timeouts, when nothing listens', async () => {
    const transport = new SmtpMailTransport('smtp://127.0.0.1:1', 'noreply@tracker.site.test');
    await expect(transport.send(MESSAGE)).rejects.toThrow(/ECONNREFUSED/);
    transport.close();
  });
});

describe('FileMailTransport', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'cms-mail-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('writes a standard .eml a mail client reads, and lists it newest first', async () => {
    const files = new MailFiles(path.join(dir, 'mail'));
    const transport = new FileMailTransport(files, 'Tracker <noreply@localhost>');
    await transport.send({ ...MESSAGE, subject: 'first' });
    await transport.send(MESSAGE);
    const names = (await readdir(path.join(dir, 'mail'))).sort();
    expect(names.filter((n) => n.endsWith('.eml'))).toHaveLength(2);
    expect(names.some((n) => n.endsWith('.partial'))).toBe(false);

    const listed = await files.list();
    expect(listed.map((m) => m.subject)).toEqual([MESSAGE.subject, 'first']);
    const eml = await readFile(path.join(dir, 'mail', `${listed[0]!.id}.eml`));
    const parsed = await simpleParser(eml);
    expect(parsed.subject).toBe(MESSAGE.subject);
    expect(parsed.text).toBe(MESSAGE.text);
    expect(parsed.from?.value[0]?.address).toBe('noreply@localhost');
    expect(await files.read(listed[0]!.id)).toMatchObject({ to: MESSAGE.to, text: MESSAGE.text });
  });

  it('opens nothing but its own message names', async () => {
    const files = new MailFiles(path.join(dir, 'mail'));
    for (const id of ['../../etc/passwd', '20261208T101530123Z-1a2b3c4d/../x', '', 'x'.repeat(300)]) {
      expect(await files.read(id)).toBeNull();
      expect(await files.readEml(id)).toBeNull();
    }
    expect(await new MailFiles(path.join(dir, 'absent')).list()).toEqual([]);
  });
});
