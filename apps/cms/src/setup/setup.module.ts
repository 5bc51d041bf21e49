import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Setting } from '../settings/setting.entity.js';
import { SetupController } from './setup.controller.js';
import { SetupTokenRepository } from './setup-token.repository.js';
import { SetupService } from './setup.service.js';

/** The one-time first-admin link of a production site (start-cms.ts issues it). */
@Module({
  imports: [TypeOrmModule.forFeature([Setting])],
  controllers: [SetupController],
  providers: [SetupTokenRepository, SetupService],
  exports: [SetupService],
})
export class SetupModule {}
