import path from 'node:path';
import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../config/cms-config.js';
import { AdminMailController } from './admin-mail.controller.js';
import { FileMailTransport } from './file-mail-transport.js';
import { MailFiles } from './mail-files.js';
import { MailTransport } from './mail-transport.js';
import { Mailer } from './mailer.service.js';
import { SmtpMailTransport } from './smtp-mail-transport.js';

/** SMTP when SMTP_URL is set, else .eml files under DATA_DIR/mail; global: features send mail. */
@Global()
@Module({
  controllers: [AdminMailController],
  providers: [
    {
      provide: MailFiles,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => new MailFiles(path.resolve(config.dataDir, 'mail')),
    },
    {
      provide: MailTransport,
      inject: [AppConfig, MailFiles],
      useFactory: (config: AppConfig, files: MailFiles): MailTransport =>
        config.mail.smtpUrl
          ? new SmtpMailTransport(config.mail.smtpUrl, config.mail.from)
          : new FileMailTransport(files, config.mail.from),
    },
    Mailer,
  ],
  exports: [Mailer],
})
export class MailModule {}
