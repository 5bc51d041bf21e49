import { DEFAULT_METAINFO_LIMITS } from '@tracker/core';
import type { Request, Response } from 'express';
import multer from 'multer';
import { type DomainError, invalid } from '../errors/domain-error.js';

export interface ReleaseUploadForm {
  body: Record<string, unknown>;
  torrent?: Buffer;
  poster?: Buffer;
  /** Why the upload could not be read; `body` still holds the fields read before it. */
  refusal?: DomainError;
}

const MAX_FILE_MB = DEFAULT_METAINFO_LIMITS.maxBytes / (1024 * 1024);

/**
 * Multipart parsing for the release form and the API, kept in memory with hard limits so a
 * 50 MB "torrent" is cut off at the limit instead of being buffered. The limit is the larger
 * of the two files' limits (the torrent's); the poster's own 2 MB cap is checked afterwards.
 */
const parser = multer({
  storage: multer.memoryStorage(),
  limits: {
    fileSize: DEFAULT_METAINFO_LIMITS.maxBytes,
    files: 2,
    fields: 20,
    fieldSize: 100_000,
    parts: 24,
  },
}).fields([
  { name: 'torrent', maxCount: 1 },
  { name: 'poster', maxCount: 1 },
]);

/**
 * Parses the request. Never rejects: multer's failures become a readable `refusal`, so the
 * form can be shown again with what was typed.
 */
export function readReleaseUpload(req: Request, res: Response): Promise<ReleaseUploadForm> {
  return new Promise((resolve) => {
    parser(req, res, (err: unknown) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      if (err) return resolve({ body, refusal: uploadError(err) });
      const files = (req.files ?? {}) as Record<string, Express.Multer.File[] | undefined>;
      resolve({ body, torrent: files['torrent']?.[0]?.buffer, poster: files['poster']?.[0]?.buffer });
    });
  });
}

function uploadError(err: unknown): DomainError {
  if (err instanceof multer.MulterError) {
    if (err.code === 'LIMIT_FILE_SIZE') {
      return invalid(`The ${err.field ?? 'uploaded'} file is larger than ${MAX_FILE_MB} MB.`);
    }
    if (err.code === 'LIMIT_UNEXPECTED_FILE') return invalid(`Unexpected file field "${err.field ?? ''}".`);
    return invalid(`The upload was refused: ${err.message}.`);
  }
  // busboy reports malformed multipart bodies as plain errors: still the client's fault.
  return invalid('The upload could not be read. Please send the form again.');
}
