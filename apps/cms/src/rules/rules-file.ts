import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** The operator's rules: Markdown in `<DATA_DIR>/rules.md`, edited in place, read on each visit. */
export function rulesPath(dataDir: string): string {
  return path.join(dataDir, 'rules.md');
}

/** The file's Markdown, or null when there is none (the page then shows the default rules). */
export async function readRules(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}
