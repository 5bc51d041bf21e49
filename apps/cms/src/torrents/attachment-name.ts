/**
 * Content-Disposition for a .torrent download: an ASCII-only `filename` that no browser can
 * misread (no quotes, slashes, control characters) plus the exact name as RFC 5987 `filename*`.
 */
export function torrentAttachmentHeader(name: string): string {
  const base = name.normalize('NFC').trim() || 'download';
  const ascii =
    base
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^A-Za-z0-9._ ()[\]-]+/g, '_')
      .replace(/_+/g, '_')
      .replace(/^[._ ]+/, '')
      .slice(0, 150) || 'download';
  const utf8 = encodeRfc5987(`${base.slice(0, 150)}.torrent`);
  return `attachment; filename="${ascii}.torrent"; filename*=UTF-8''${utf8}`;
}

function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}
