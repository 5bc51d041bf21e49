import { Module } from '@nestjs/common';
import { CategoriesModule } from '../categories/categories.module.js';
import { ReleasesModule } from '../releases/releases.module.js';
import { TorrentsModule } from '../torrents/torrents.module.js';
import { FeedsController } from './feeds.controller.js';

@Module({
  imports: [ReleasesModule, TorrentsModule, CategoriesModule],
  controllers: [FeedsController],
})
export class FeedsModule {}
