import type { NextFunction, Request, RequestHandler, Response } from 'express';

export interface BodyDeadlines {
  /** Every request body (forms, JSON) must have arrived this long after the request began. */
  readonly bodyTimeoutMs: number;
  /** The longer bound a route grants with `allowUploadTime` once it knows who is uploading. */
  readonly uploadTimeoutMs: number;
}

interface Deadline {
  readonly startedAt: number;
  readonly uploadTimeoutMs: number;
  timer: NodeJS.Timeout;
}

const deadlines = new WeakMap<Request, Deadline>();

function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * A body that trickles in (one byte a second) would hold its socket and a parser for as long
 * as Node's whole-request timeout, which must be long enough for a 10 MB upload. So every body
 * gets the short bound here, and only the upload routes lengthen it, after their guards have
 * let the request through: anyone else's slow body is cut after `bodyTimeoutMs`.
 */
export function bodyDeadline(limits: BodyDeadlines): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (!hasBody(req) || req.complete) return next();
    const deadline: Deadline = {
      startedAt: Date.now(),
      uploadTimeoutMs: limits.uploadTimeoutMs,
      timer: expireAfter(req, res, limits.bodyTimeoutMs),
    };
    deadlines.set(req, deadline);
    const done = (): void => clearTimeout(deadline.timer);
    req.once('end', done);
    req.once('close', done);
    next();
  };
}

/** Gives this request's body the upload bound, counted from the start of the request. */
export function allowUploadTime(req: Request, res: Response): void {
  const deadline = deadlines.get(req);
  if (!deadline || req.complete) return;
  clearTimeout(deadline.timer);
  const left = Math.max(0, deadline.startedAt + deadline.uploadTimeoutMs - Date.now());
  deadline.timer = expireAfter(req, res, left);
}

function expireAfter(req: Request, res: Response, ms: number): NodeJS.Timeout {
  return setTimeout(() => expire(req, res), ms).unref();
}

/** 408 when nothing was answered yet; the connection is closed either way, unread body and all. */
function expire(req: Request, res: Response): void {
  if (req.complete) return;
  if (res.headersSent) return void req.socket.destroy();
  res.once('finish', () => req.socket.destroy());
  res.writeHead(408, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' });
  res.end('The request body took too long to arrive.\n');
}
