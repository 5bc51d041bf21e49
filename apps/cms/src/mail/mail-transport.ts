/** One plain-text message to one person; the From comes from MAIL_FROM. */
export interface MailMessage {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

/**
 * Where mail goes: an SMTP server (SMTP_URL) or .eml files under DATA_DIR/mail. `send`
 * resolves once the message was accepted (by the server, or written), else rejects.
 */
export abstract class MailTransport {
  abstract send(message: MailMessage): Promise<void>;
  abstract close(): void;
}
