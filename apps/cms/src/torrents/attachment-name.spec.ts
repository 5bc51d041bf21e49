import { describe, expect, it } from '@jest/globals';
import { torrentAttachmentHeader } from './attachment-name.js';

describe('torrentAttachmentHeader', () => {
  it('keeps a plain name', () => {
    expect(torrentAttachmentHeader('debian-12.iso')).toBe(
      `attachment; filename="debian-12.iso.torrent"; filename*=UTF-8''debian-12.iso.torrent`,
    );
  });

  it('replaces quotes, slashes and control characters in the ASCII name', () => {
    const header = torrentAttachmentHeader('a"b/..\\c\r\nSet-Cookie: x');
    expect(header).not.toMatch(/[\r\n]/);
    expect(header.split(';')[1]).toBe(' filename="a_b_.._c_Set-Cookie_ x.torrent"');
  });

  it('transliterates accents and carries the exact name in filename*', () => {
    const header = torrentAttachmentHeader('Café Трек');
    expect(header).toContain('filename="Cafe _.torrent"');
    expect(header).toContain("filename*=UTF-8''Caf%C3%A9%20%D0%A2%D1%80%D0%B5%D0%BA.torrent");
  });

  it('never yields an empty or hidden file name', () => {
    expect(torrentAttachmentHeader('...')).toContain('filename="download.torrent"');
    expect(torrentAttachmentHeader('')).toContain('filename="download.torrent"');
  });
});
