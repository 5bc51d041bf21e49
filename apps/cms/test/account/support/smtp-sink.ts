import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

/** One message as it arrived over SMTP, parsed by mailparser (as a mail client would). */
export interface ReceivedMail {
  /** The RCPT TO addresses of the envelope. */
  readonly envelopeTo: string[];
  readonly envelopeFrom: string;
  /** The login the client authenticated with, if any. */
  readonly authUser: string | undefined;
  readonly parsed: ParsedMail;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

export interface SmtpSink {
  /** smtp://127.0.0.1:<port> (with user:pass when the sink requires a login). */
  readonly url: string;
  readonly received: ReceivedMail[];
  /** The next message to this address (already arrived or arriving within `timeoutMs`). */
  nextMailTo(address: string, timeoutMs?: number): Promise<ReceivedMail>;
  /** Waits `ms`, then says whether anything arrived for the address meanwhile. */
  nothingFor(address: string, ms?: number): Promise<boolean>;
  close(): Promise<void>;
}

export interface SmtpSinkOptions {
  /** smtps:// with smtp-server's built-in self-signed certificate. */
  readonly secure?: boolean;
  /** Require this login (AUTH PLAIN/LOGIN). */
  readonly credentials?: { user: string; pass: string };
}

function addressOf(parsed: ParsedMail): string {
  const to = parsed.to;
  const first = Array.isArray(to) ? to[0] : to;
  return first?.value[0]?.address ?? '';
}

/**
 * A real SMTP server (smtp-server) on a free loopback port, for tests: it accepts what the
 * site sends and keeps it, parsed, so a test reads the mail and follows its link.
 */
export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const received: ReceivedMail[] = [];
  const waiters: Array<() => void> = [];
  const consumed = new Set<ReceivedMail>();
  const credentials = options.credentials;
  const serverOptions: SMTPServerOptions = {
    secure: options.secure ?? false,
    // Plain smtp:// here: no STARTTLS with a certificate the client would refuse.
    disabledCommands: options.secure ? [] : ['STARTTLS'],
    authOptional: credentials === undefined,
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (credentials && auth.username === credentials.user && auth.password === credentials.pass) {
        return callback(null, { user: auth.username });
      }
      callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          received.push({
            envelopeTo: session.envelope.rcptTo.map((r) => r.address),
            envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            authUser: typeof session.user === 'string' ? session.user : undefined,
            parsed,
            to: addressOf(parsed),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
          });
          waiters.splice(0).forEach((wake) => wake());
          callback();
        })
        .catch((err: Error) => callback(err));
    },
  };
  const server = new SMTPServer(serverOptions);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  const login = credentials
    ? `${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.pass)}@`
    : '';
  const scheme = options.secure ? 'smtps' : 'smtp';
  const query = options.secure ? '?tls.rejectUnauthorized=false' : '';

  const take = (address: string): ReceivedMail | undefined => {
    const mail = received.find((m) => !consumed.has(m) && m.envelopeTo.includes(address));
    if (mail) consumed.add(mail);
    return mail;
  };

  return {
    url: `${scheme}://${login}127.0.0.1:${port}${query}`,
    received,
    async nextMailTo(address, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const mail = take(address);
        if (mail) return mail;
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no mail to ${address} within ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    },
    async nothingFor(address, ms = 300) {
      await new Promise((resolve) => setTimeout(resolve, ms));
      return !received.some((m) => !consumed.has(m) && m.envelopeTo.includes(address));
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The one link in a mail's text that starts with the site's base URL. */
export function linkIn(mail: ReceivedMail, siteUrl: string): string {
  const links = mail.text.match(/https?:\/\/\S+/g) ?? [];
  const link = links.find((l) => l.startsWith(`${siteUrl}/`));
  if (!link) throw new Error(`no link to ${siteUrl} in the mail "${mail.subject}"`);
  return link;
}

/** The path (and query) of a link, to request it from the test app. */
export function pathOf(link: string): string {
  const url = new URL(link);
  return url.pathname + url.search;
}
