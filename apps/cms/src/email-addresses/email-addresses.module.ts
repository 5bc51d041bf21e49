import { Module } from '@nestjs/common';
import { AccountTokensModule } from '../account-tokens/account-tokens.module.js';
import { AccountEmailController } from './account-email.controller.js';
import { EmailAddressesService } from './email-addresses.service.js';
import { EmailLinksController } from './email-links.controller.js';

/** Sign-up confirmation and e-mail change, by links mailed to the address being confirmed. */
@Module({
  imports: [AccountTokensModule],
  controllers: [AccountEmailController, EmailLinksController],
  providers: [EmailAddressesService],
  exports: [EmailAddressesService],
})
export class EmailAddressesModule {}
