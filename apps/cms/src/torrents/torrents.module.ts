import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SettingsService } from '../settings/settings.service.js';
import { SiteInfo } from './site-info.js';
import { TorrentCodec } from './torrent-codec.js';
import { Torrent } from './torrent.entity.js';
import { TorrentsRepository } from './torrents.repository.js';
import { TorrentsService } from './torrents.service.js';

/** Site name and announce base come from the admin-editable settings, read at use time. */
const siteInfoProvider = {
  provide: SiteInfo,
  inject: [SettingsService],
  useFactory: (settings: SettingsService): SiteInfo => ({
    siteName: async () => (await settings.get()).siteName,
    announceBaseUrl: async () => (await settings.get()).announceBaseUrl,
    udpTrackerUrl: async () => (await settings.get()).udpTrackerUrl,
  }),
};

@Module({
  imports: [TypeOrmModule.forFeature([Torrent])],
  providers: [TorrentCodec, TorrentsRepository, TorrentsService, siteInfoProvider],
  exports: [TorrentCodec, TorrentsRepository, TorrentsService, SiteInfo],
})
export class TorrentsModule {}
