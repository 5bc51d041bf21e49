import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CategoriesService } from '../../src/categories/categories.service.js';
import type { Category } from '../../src/categories/category.entity.js';
import type { HttpClient, HttpResponse, TestApp } from '../support/index.js';

/** The repository root, from this file: fixtures live in its fixtures/ folder. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
export const fixturesDir = path.resolve(repoRoot, 'fixtures/torrents');

export function fixture(name: string): Buffer {
  return readFileSync(path.join(fixturesDir, name));
}

export async function category(t: TestApp, name: string): Promise<Category> {
  const service = t.app.get(CategoriesService);
  return (await service.findBySlug(name.toLowerCase())) ?? service.create(name);
}

export interface UploadFields {
  title?: string;
  category: number;
  description?: string;
  publish?: boolean;
  torrent?: Buffer | undefined;
  torrentName?: string;
  poster?: Buffer;
}

export function releaseForm(fields: UploadFields): FormData {
  const form = new FormData();
  form.set('title', fields.title ?? 'A release');
  form.set('category', String(fields.category));
  form.set('description', fields.description ?? '');
  if (fields.publish !== false) form.set('publish', 'on');
  if (fields.torrent) {
    form.set('torrent', new Blob([fields.torrent]), fields.torrentName ?? 'upload.torrent');
  }
  if (fields.poster) form.set('poster', new Blob([fields.poster]), 'poster.png');
  return form;
}

/** Posts the upload form as a browser would (CSRF token from /releases/new). */
export function upload(client: HttpClient, fields: UploadFields): Promise<HttpResponse> {
  return client.postMultipart('/releases', releaseForm(fields), { csrfFrom: '/releases/new' });
}

/** The release id a successful upload redirected to. */
export function releaseIdOf(res: HttpResponse): number {
  const match = /^\/releases\/(\d+)$/.exec(res.location ?? '');
  if (res.status !== 303 || !match) throw new Error(`upload failed: ${res.status} ${res.text.slice(0, 500)}`);
  return Number(match[1]);
}
