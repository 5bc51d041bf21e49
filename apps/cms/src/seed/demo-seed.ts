import { randomBytes } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { CategoriesService } from '../categories/categories.service.js';
import { ReleasesService } from '../releases/releases.service.js';
import { UsersService } from '../users/users.service.js';
import { DEMO_CATEGORIES, demoReleases } from './demo-content.js';

export interface DemoSeedResult {
  username: string;
  password: string;
  releases: number;
}

/**
 * On the first start with an empty database (no user at all): an admin with a random
 * password, a few categories and published releases with real .torrent files. Returns the
 * credentials for the caller to print once; returns null when the database was not empty.
 */
export async function seedDemoIfEmpty(app: INestApplicationContext): Promise<DemoSeedResult | null> {
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

/** The one-time message with the admin's credentials (stdout only, never the log). */
export function demoSeedMessage(result: DemoSeedResult): string {
  return [
    '',
    `Demo site created with ${result.releases} releases.`,
    `  Log in as: ${result.username}`,
    `  Password:  ${result.password}`,
    'This password is shown only once: change it after logging in.',
    '',
  ].join('\n');
}
