import { Module } from '@nestjs/common';
import { AdminSettingsController } from './admin-settings.controller.js';
import { AdminUsersController } from './admin-users.controller.js';

@Module({ controllers: [AdminUsersController, AdminSettingsController] })
export class AdminModule {}
