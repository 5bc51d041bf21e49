// Copies an app's non-TypeScript assets (views, static files) next to its compiled output,
// so `node <app>/dist/main.js` finds them the same way in a clone and in a container.
import { cpSync, existsSync } from 'node:fs';
import path from 'node:path';

const appDir = process.argv[2];
if (!appDir) {
  console.error('usage: node tools/copy-assets.js <app dir>');
  process.exit(2);
}
for (const folder of ['views', 'public']) {
  const from = path.join(appDir, 'src', folder);
  if (existsSync(from)) cpSync(from, path.join(appDir, 'dist', folder), { recursive: true });
}
