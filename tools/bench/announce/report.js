// usage: node report.js RAW... -> markdown report of one or more runs (median per cell)
import { readFileSync } from 'node:fs';
import { renderReport } from './report-model.js';

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: node report.js RAW...');
  process.exit(2);
}
const lines = files.flatMap((f) => readFileSync(f, 'utf8').split('\n'));
console.log(renderReport(lines));
