import { Module } from '@nestjs/common';
import { ReleasesModule } from '../releases/releases.module.js';
import { TorrentsModule } from '../torrents/torrents.module.js';
import { ReleasesApiController } from './releases-api.controller.js';

@Module({
  imports: [ReleasesModule, TorrentsModule],
  controllers: [ReleasesApiController],
})
export class ApiModule {}
