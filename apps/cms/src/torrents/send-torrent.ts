import type { Response } from 'express';
import type { TorrentDownload } from './torrents.service.js';

/**
 * Answers with a user's .torrent copy: an attachment that no cache may keep, because the
 * announce URL inside carries that user's passkey. Every download route (page, RSS, API) uses it.
 */
export function sendTorrent(res: Response, download: TorrentDownload): void {
  res
    .type('application/x-bittorrent')
    .set({ 'Content-Disposition': download.disposition, 'Cache-Control': 'no-store' })
    .send(download.bytes);
}
