import { describe, expect, it } from '@jest/globals';
import { checkPoster, MAX_POSTER_BYTES } from './poster.js';

const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(16)]);

describe('checkPoster', () => {
  it('recognizes PNG, JPEG, GIF and WebP by their magic bytes', () => {
    expect(checkPoster(png)).toEqual({ ok: true, mime: 'image/png' });
    expect(checkPoster(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0]))).toEqual({ ok: true, mime: 'image/jpeg' });
    expect(checkPoster(Buffer.from('GIF89a....'))).toEqual({ ok: true, mime: 'image/gif' });
    expect(checkPoster(Buffer.from('RIFF\0\0\0\0WEBPVP8 '))).toEqual({ ok: true, mime: 'image/webp' });
  });

  it('refuses SVG and HTML dressed as images', () => {
    expect(checkPoster(Buffer.from('<svg onload="alert(1)"></svg>'))).toMatchObject({ ok: false });
    expect(checkPoster(Buffer.from('<html><script>alert(1)</script>'))).toMatchObject({ ok: false });
  });

  it('refuses empty and oversized files with a reason', () => {
    expect(checkPoster(Buffer.alloc(0))).toEqual({ ok: false, message: 'The poster file is empty.' });
    const big = Buffer.concat([png, Buffer.alloc(MAX_POSTER_BYTES)]);
    expect(checkPoster(big)).toEqual({ ok: false, message: 'The poster is larger than 2 MB.' });
  });
});
