import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';

/** The repository root, found from this file (apps/cms/test/browser/support). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../..');

/** Git-ignored (see .gitignore): people look at these after a run; CI may keep them as artifacts. */
export const screenshotsDir = path.join(repoRoot, 'screenshots');

/** Saves a full-page PNG named for the page it shows (e.g. `front-page.png`). */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotsDir, { recursive: true });
  const file = path.join(screenshotsDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
