// usage: node profile-summary.js FILE.cpuprofile... -> markdown: self time by area and by function
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { renderProfile, summarizeProfile } from './profile-model.js';

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: node profile-summary.js FILE.cpuprofile...');
  process.exit(2);
}
for (const file of files) {
  try {
    const summary = summarizeProfile(JSON.parse(readFileSync(file, 'utf8')));
    console.log(`\n${renderProfile(path.basename(file), summary)}\n`);
  } catch (err) {
    console.error(`profile-summary: ${file}: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  }
}
