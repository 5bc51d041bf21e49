import type { IncomingMessage } from 'node:http';
import type { Writable } from 'node:stream';
import { DEFAULT_METAINFO_LIMITS } from '@tracker/core';
import type { Request, Response } from 'express';
import multer from 'multer';
import { DomainError, invalid } from '../errors/domain-error.js';
import { allowUploadTime } from '../http/body-deadline.js';
import { closeAfterAnswer } from '../http/close-after-answer.js';
import { MAX_POSTER_BYTES } from './poster.js';

export interface ReleaseUploadForm {
  body: Record<string, unknown>;
  torrent?: Buffer;
  poster?: Buffer;
  /** Why the upload could not be read; `body` still holds the fields read before it. */
  refusal?: DomainError;
}

const MAX_TORRENT_BYTES = DEFAULT_METAINFO_LIMITS.maxBytes;
const MAX_FILE_MB = MAX_TORRENT_BYTES / (1024 * 1024);
/**
 * The largest release form: the .torrent, the poster, and a mebibyte for the text fields
 * (the description is at most 16,000 characters) and the multipart framing.
 */
export const MAX_UPLOAD_BODY_BYTES = MAX_TORRENT_BYTES + MAX_POSTER_BYTES + 1024 * 1024;

/** What to do when a request's body goes over MAX_UPLOAD_BODY_BYTES while it streams in. */
const onOverflow = new WeakMap<IncomingMessage, () => void>();

/**
 * Feeds busboy while counting: a body without Content-Length (chunked) is cut the moment it
 * passes the limit, instead of being read to its end as multer does after an error.
 */
function countingStreamHandler(req: IncomingMessage, busboy: Writable): void {
  let received = 0;
  req.on('data', (chunk: Buffer) => {
    received += chunk.length;
    if (received <= MAX_UPLOAD_BODY_BYTES) return;
    req.unpipe(busboy);
    onOverflow.get(req)?.();
  });
  req.pipe(busboy);
}

/**
 * Multipart parsing for the release form and the API, kept in memory with hard limits so a
 * 50 MB "torrent" is cut off at the limit instead of being buffered. The limit is the larger
 * of the two files' limits (the torrent's); the poster's own 2 MB cap is checked afterwards.
 */
const parser = multer({
  storage: multer.memoryStorage(),
  limits: {
    fileSize: MAX_TORRENT_BYTES,
    files: 2,
    fields: 20,
    fieldSize: 100_000,
    parts: 24,
  },
  streamHandler: countingStreamHandler,
} as multer.Options).fields([
  { name: 'torrent', maxCount: 1 },
  { name: 'poster', maxCount: 1 },
]);

/**
 * Parses the request. Never rejects: multer's failures become a readable `refusal`, so the
 * form can be shown again with what was typed. A body over the limit, declared or streamed,
 * is refused with 413 at once and its connection closed after the answer, unread.
 */
export function readReleaseUpload(req: Request, res: Response): Promise<ReleaseUploadForm> {
  // Only a request that got past the upload routes' guards may take the upload bound.
  allowUploadTime(req, res);
  if (Number(req.headers['content-length']) > MAX_UPLOAD_BODY_BYTES) {
    return Promise.resolve({ body: {}, refusal: bodyTooLarge(res) });
  }
  return new Promise((resolve) => {
    let settled = false;
    const settle = (form: ReleaseUploadForm): void => {
      if (settled) return;
      settled = true;
      onOverflow.delete(req);
      resolve(form);
    };
    onOverflow.set(req, () => settle({ body: {}, refusal: bodyTooLarge(res) }));
    parser(req, res, (err: unknown) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      if (err) return settle({ body, refusal: uploadError(err) });
      const files = (req.files ?? {}) as Record<string, Express.Multer.File[] | undefined>;
      settle({ body, torrent: files['torrent']?.[0]?.buffer, poster: files['poster']?.[0]?.buffer });
    });
  });
}

/** The answer closes the connection, so whatever is left of the body is never read. */
function bodyTooLarge(res: Response): DomainError {
  closeAfterAnswer(res);
  const mb = Math.floor(MAX_UPLOAD_BODY_BYTES / (1024 * 1024));
  return new DomainError(
    'too-large',
    `The upload is larger than ${mb} MB; the .torrent may be ${MAX_FILE_MB} MB.`,
  );
}

function uploadError(err: unknown): DomainError {
  if (err instanceof multer.MulterError) {
    // multer has read the rest of the body by now (at most MAX_UPLOAD_BODY_BYTES).
    if (err.code === 'LIMIT_FILE_SIZE') {
      return new DomainError(
        'too-large',
        `The ${err.field ?? 'uploaded'} file is larger than ${MAX_FILE_MB} MB.`,
      );
    }
    if (err.code === 'LIMIT_UNEXPECTED_FILE') return invalid(`Unexpected file field "${err.field ?? ''}".`);
    return invalid(`The upload was refused: ${err.message}.`);
  }
  // busboy reports malformed multipart bodies as plain errors: still the client's fault.
  return invalid('The upload could not be read. Please send the form again.');
}
