import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountToken } from './account-token.entity.js';
import { AccountTokensRepository } from './account-tokens.repository.js';

/** The mailed single-use links, shared by password reset and e-mail confirmation. */
@Module({
  imports: [TypeOrmModule.forFeature([AccountToken])],
  providers: [AccountTokensRepository],
  exports: [AccountTokensRepository],
})
export class AccountTokensModule {}
