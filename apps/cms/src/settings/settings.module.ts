import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AnnouncerProbe } from './announcer-probe.js';
import { Setting } from './setting.entity.js';
import { SettingsRepository } from './settings.repository.js';
import { SettingsService } from './settings.service.js';
import { LayoutLocalsMiddleware } from './layout-locals.middleware.js';

/** Global: the announce base URL and site name are read by releases, feeds and the layout. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([Setting])],
  providers: [SettingsRepository, SettingsService, LayoutLocalsMiddleware, AnnouncerProbe],
  exports: [SettingsService, LayoutLocalsMiddleware, AnnouncerProbe],
})
export class SettingsModule {}
