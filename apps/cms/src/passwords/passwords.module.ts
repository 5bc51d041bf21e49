import { Module } from '@nestjs/common';
import { AccountTokensModule } from '../account-tokens/account-tokens.module.js';
import { AccountPasswordController } from './account-password.controller.js';
import { PasswordResetController } from './password-reset.controller.js';
import { PasswordsService } from './passwords.service.js';

/** Password change on the account, and reset of a forgotten one by mail. */
@Module({
  imports: [AccountTokensModule],
  controllers: [AccountPasswordController, PasswordResetController],
  providers: [PasswordsService],
})
export class PasswordsModule {}
