import { constants } from 'node:fs';
import { access, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { BackupCheckError, type PartReport } from './backup-error.js';

/**
 * The copy of the site's DATA_DIR (mail files; the SQLite file in the embedded mode): every
 * entry is a readable regular file or folder. Posters live in the database (release.poster),
 * so the dump carries them; there is nothing on disk to match against it.
 */
export async function checkFilesFolder(dir: string): Promise<PartReport> {
  let files = 0;
  let bytes = 0;
  const pending = [dir];
  for (let current = pending.pop(); current !== undefined; current = pending.pop()) {
    for (const entry of await readdir(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      const shown = path.relative(dir, full);
      if (entry.isDirectory()) pending.push(full);
      else if (!entry.isFile())
        throw new BackupCheckError(`files/${shown}: not a regular file (a link or device)`);
      else {
        await access(full, constants.R_OK).catch(() => {
          throw new BackupCheckError(`files/${shown}: not readable`);
        });
        files++;
        bytes += (await stat(full)).size;
      }
    }
  }
  return { part: 'files', summary: `${files} files, ${bytes} bytes, all readable` };
}
