import { randomBytes } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { CategoriesService } from '../categories/categories.service.js';
import { AppConfig } from '../config/cms-config.js';
import { ReleasesService } from '../releases/releases.service.js';
import { UsersService } from '../users/users.service.js';
import { DEMO_CATEGORIES, demoReleases } from './demo-content.js';

export interface DemoSeedResult {
  username: string;
  password: string;
  releases: number;
}

/**
 * On the first start of the embedded mode with an empty database (no user at all): an admin
 * with a random password, a few categories and published releases with real .torrent files.
 * Returns the credentials for the caller to print once; null when the database was not empty
 * or is MySQL (DATABASE_URL): a production site never gets demo content nor a printed
 * password, its first admin comes from the setup link or the CLI (setup/).
 */
export async function seedDemoIfEmpty(app: INestApplicationContext): Promise<DemoSeedResult | null> {
  if (app.get(AppConfig).databaseUrl) return null;
  const users = app.get(UsersService);
  if ((await users.count()) > 0) return null;
  const password = randomBytes(12).toString('base64url');
  const admin = await users.create({
    username: 'admin',
    email: 'admin@example.com',
    password,
    role: 'admin',
  });
  const categories = app.get(CategoriesService);
  for (const name of DEMO_CATEGORIES) {
    if (!(await categories.findBySlug(name.toLowerCase().replace(/[^a-z0-9]+/g, '-'))))
      await categories.create(name);
  }
  const releases = app.get(ReleasesService);
  const demo = demoReleases();
  for (const release of demo) {
    await releases.importTorrent(release.torrent, {
      title: release.title,
      category: release.category,
      description: release.description,
      authorId: admin.id,
      publish: true,
    });
  }
  return { username: admin.username, password, releases: demo.length };
}
