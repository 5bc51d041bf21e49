/**
 * Poster images are checked by their magic bytes, not by the name or the type the browser
 * claims. Only raster formats browsers display safely are accepted (no SVG: it can carry script).
 */
export const MAX_POSTER_BYTES = 2 * 1024 * 1024;

const SIGNATURES: { mime: string; test: (b: Buffer) => boolean }[] = [
  {
    mime: 'image/png',
    test: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  },
  { mime: 'image/jpeg', test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { mime: 'image/gif', test: (b) => ['GIF87a', 'GIF89a'].includes(b.subarray(0, 6).toString('latin1')) },
  {
    mime: 'image/webp',
    test: (b) =>
      b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP',
  },
];

export type PosterCheck = { ok: true; mime: string } | { ok: false; message: string };

export function checkPoster(bytes: Buffer): PosterCheck {
  if (bytes.length === 0) return { ok: false, message: 'The poster file is empty.' };
  if (bytes.length > MAX_POSTER_BYTES) return { ok: false, message: 'The poster is larger than 2 MB.' };
  const match = SIGNATURES.find((s) => s.test(bytes));
  return match
    ? { ok: true, mime: match.mime }
    : { ok: false, message: 'The poster must be a PNG, JPEG, GIF or WebP image.' };
}
