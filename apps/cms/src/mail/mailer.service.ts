import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../config/cms-config.js';
import { type MailMessage, MailTransport } from './mail-transport.js';

/**
 * What features use to send mail. Sending happens in the background: a page must answer the
 * same, and as fast, whether or not a message left (a forgotten-password form that waited
 * for the SMTP server would tell which addresses exist). Failures are logged, with the
 * subject and never the address; messages still on their way are awaited at shutdown.
 */
@Injectable()
export class Mailer implements OnApplicationShutdown {
  private readonly logger = new Logger('mail');
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly transport: MailTransport,
    private readonly config: AppConfig,
  ) {}

  /** An absolute link to a path of this site, for the body of a message. */
  link(path: string): string {
    return `${this.config.mail.siteUrl}${path}`;
  }

  sendLater(message: MailMessage): void {
    const sending: Promise<void> = this.transport
      .send(message)
      .catch((err: unknown) => {
        const reason = err instanceof Error ? err.message : String(err);
        this.logger.error(`mail "${message.subject}" was not sent: ${reason}`);
      })
      .finally(() => this.pending.delete(sending));
    this.pending.add(sending);
  }

  /** Resolves once every message handed over so far was sent or failed. */
  async whenIdle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.whenIdle();
    this.transport.close();
  }
}
