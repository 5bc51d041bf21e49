import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CategoriesModule } from '../categories/categories.module.js';
import { TorrentsModule } from '../torrents/torrents.module.js';
import { HomeController } from './home.controller.js';
import { ReleaseDetailRepository } from './release-detail.repository.js';
import { ReleaseListRepository } from './release-list.repository.js';
import { ReleaseSearchService } from './release-search.service.js';
import { ReleaseSnatchesService } from './release-snatches.service.js';
import { Release } from './release.entity.js';
import { ReleasesController } from './releases.controller.js';
import { ReleasesRepository } from './releases.repository.js';
import { ReleasesService } from './releases.service.js';

@Module({
  // The release page's comments come from the (global) comments module: ReleaseComments.
  imports: [TypeOrmModule.forFeature([Release]), TorrentsModule, CategoriesModule],
  controllers: [HomeController, ReleasesController],
  providers: [
    ReleasesRepository,
    ReleasesService,
    ReleaseSearchService,
    ReleaseListRepository,
    ReleaseDetailRepository,
    ReleaseSnatchesService,
  ],
  exports: [ReleasesRepository, ReleasesService, ReleaseSearchService],
})
export class ReleasesModule {}
