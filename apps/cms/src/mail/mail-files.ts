import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { MailMessage } from './mail-transport.js';

/** What the admin page lists of one written message. */
export interface StoredMail {
  readonly id: string;
  readonly to: string;
  readonly subject: string;
  readonly date: Date;
  readonly text: string;
}

/** `20261208T101530123Z-1a2b3c4d`: names sort by time, and nothing else is ever opened. */
const MAIL_ID = /^\d{8}T\d{9}Z-[0-9a-f]{8}$/;
const LIST_LIMIT = 200;

function newMailId(now: Date): string {
  const stamp = now.toISOString().replace(/[-:.]/g, '');
  return `${stamp}-${randomBytes(4).toString('hex')}`;
}

function isStoredMail(value: unknown): value is Omit<StoredMail, 'date'> & { date: string } {
  if (!value || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return ['id', 'to', 'subject', 'date', 'text'].every((key) => typeof v[key] === 'string');
}

/**
 * The folder DATA_DIR/mail: each message as `<id>.eml` (the full RFC 5322 message, to open in
 * a mail client) and `<id>.json` (to, subject, date, text, for the admin page, which then
 * needs no MIME decoding). The .json is renamed into place last: a listed message is complete.
 */
export class MailFiles {
  constructor(readonly dir: string) {}

  async write(message: MailMessage, eml: Buffer, now = new Date()): Promise<string> {
    await mkdir(this.dir, { recursive: true });
    const id = newMailId(now);
    await writeFile(path.join(this.dir, `${id}.eml`), eml);
    const json = JSON.stringify({ id, ...message, date: now.toISOString() });
    const partial = path.join(this.dir, `${id}.json.partial`);
    await writeFile(partial, json);
    await rename(partial, path.join(this.dir, `${id}.json`));
    return id;
  }

  /** Newest first, at most LIST_LIMIT; an absent folder is an empty list. */
  async list(): Promise<StoredMail[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    const ids = names
      .filter((name) => name.endsWith('.json'))
      .map((name) => name.slice(0, -'.json'.length))
      .filter((id) => MAIL_ID.test(id))
      .sort()
      .reverse()
      .slice(0, LIST_LIMIT);
    const mails = await Promise.all(ids.map((id) => this.read(id)));
    return mails.filter((mail): mail is StoredMail => mail !== null);
  }

  /** The message with this id, or null for an unknown or malformed id (never a path). */
  async read(id: string): Promise<StoredMail | null> {
    if (!MAIL_ID.test(id)) return null;
    let raw: string;
    try {
      raw = await readFile(path.join(this.dir, `${id}.json`), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    const parsed: unknown = JSON.parse(raw);
    if (!isStoredMail(parsed)) return null;
    return { ...parsed, date: new Date(parsed.date) };
  }

  /** The raw .eml of a message, or null. */
  async readEml(id: string): Promise<Buffer | null> {
    if (!MAIL_ID.test(id)) return null;
    try {
      return await readFile(path.join(this.dir, `${id}.eml`));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }
}
