import { Module } from '@nestjs/common';
import { AccountSessionsController } from './account-sessions.controller.js';

/** The member's own sessions page (the stores themselves are in auth/). */
@Module({ controllers: [AccountSessionsController] })
export class SessionsModule {}
