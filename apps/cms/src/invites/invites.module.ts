import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Invite } from './invite.entity.js';
import { InvitesService } from './invites.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([Invite])],
  providers: [InvitesService],
  exports: [InvitesService],
})
export class InvitesModule {}
