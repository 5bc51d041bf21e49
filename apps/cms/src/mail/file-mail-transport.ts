import nodemailer, { type Transporter } from 'nodemailer';
import type { MailFiles } from './mail-files.js';
import { type MailMessage, MailTransport } from './mail-transport.js';

/**
 * The embedded default (no SMTP_URL): nodemailer builds the same message it would send,
 * and it is written under DATA_DIR/mail, where the admin page /admin/mail lists it.
 */
export class FileMailTransport extends MailTransport {
  private readonly builder: Transporter;

  constructor(
    private readonly files: MailFiles,
    private readonly from: string,
  ) {
    super();
    this.builder = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  }

  async send(message: MailMessage): Promise<void> {
    const info = (await this.builder.sendMail({ from: this.from, ...message })) as { message: Buffer };
    await this.files.write(message, info.message);
  }

  close(): void {
    this.builder.close();
  }
}
