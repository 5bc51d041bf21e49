import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module.js';

async function main(): Promise<void> {
  const port = Number(process.env['CMS_PORT'] ?? 3000);
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { logger: ['error', 'warn'] });
  app.enableShutdownHooks();
  await app.listen(port, process.env['CMS_HOST'] ?? '0.0.0.0');
}

main().catch((err: unknown) => {
  console.error(`cms: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
