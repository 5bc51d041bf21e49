import nodemailer, { type Transporter } from 'nodemailer';
import { type MailMessage, MailTransport } from './mail-transport.js';

/** Bounds every step, so a stalled server fails a send instead of holding it for minutes. */
const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 };

/**
 * Sends through the server in SMTP_URL with nodemailer: smtps:// is TLS from the start,
 * smtp:// upgrades with STARTTLS when the server offers it. Credentials travel in the URL.
 */
export class SmtpMailTransport extends MailTransport {
  private readonly transporter: Transporter;

  constructor(
    smtpUrl: string,
    private readonly from: string,
  ) {
    super();
    this.transporter = nodemailer.createTransport({ url: smtpUrl, ...TIMEOUTS });
  }

  async send(message: MailMessage): Promise<void> {
    await this.transporter.sendMail({ from: this.from, ...message });
  }

  close(): void {
    this.transporter.close();
  }
}
