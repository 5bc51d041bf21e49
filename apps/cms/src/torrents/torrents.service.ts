import { Injectable } from '@nestjs/common';
import { notFound } from '../errors/domain-error.js';
import { torrentAttachmentHeader } from './attachment-name.js';
import { announceUrlFor, SiteInfo } from './site-info.js';
import { TorrentCodec } from './torrent-codec.js';
import type { Torrent, TorrentFileEntry } from './torrent.entity.js';
import { TorrentsRepository } from './torrents.repository.js';

export interface TorrentDownload {
  bytes: Buffer;
  /** Content-Disposition header value (safe ASCII name + RFC 5987 name). */
  disposition: string;
}

/** Per-user .torrent copies and the stored file lists. */
@Injectable()
export class TorrentsService {
  constructor(
    private readonly torrents: TorrentsRepository,
    private readonly codec: TorrentCodec,
    private readonly site: SiteInfo,
  ) {}

  /**
   * The .torrent of a published release with this user's announce URL
   * (`<announce base>/announce?passkey=<passkey>`); the info hash is unchanged. With the UDP
   * tracker on, a second tier `udp://host:port/announce?passkey=<passkey>` (BEP 41 URL data):
   * HTTP stays first because every client sends its passkey, while over UDP only clients with
   * BEP 41 do (libtorrent yes; aria2 1.36 and Transmission 3.00 no), so the UDP tier is the
   * fallback; clients set to announce to every tier use both (docs/adr/0016-udp-tracker.md).
   */
  async downloadFor(user: { passkey: string }, releaseId: number): Promise<TorrentDownload> {
    const torrent = await this.torrents.published(releaseId);
    if (!torrent) throw notFound('No such release.');
    const announceUrl = announceUrlFor(await this.site.announceBaseUrl(), user.passkey);
    const udpBase = await this.site.udpTrackerUrl();
    const tiers = udpBase === '' ? [] : [announceUrlFor(udpBase, user.passkey)];
    return {
      bytes: this.codec.withAnnounce(Buffer.from(torrent.canonical), announceUrl, ...tiers),
      disposition: torrentAttachmentHeader(torrent.name),
    };
  }

  files(torrentId: number): Promise<TorrentFileEntry[]> {
    return this.torrents.files(torrentId);
  }

  magnet(torrent: Pick<Torrent, 'infoHash' | 'infoHashV2' | 'name'>): string {
    return this.codec.magnet(torrent);
  }
}
