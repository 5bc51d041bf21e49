// The benchmark's info_hashes: 40 hex digits per line, the same list for every target (the
// load generator's --hashes, opentracker's whitelist, the torrents registered for ours).
//
// usage: node bench-hashes.js COUNT OUTFILE
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Deterministic, so every run and every target sees the same torrents: sha1("bench-torrent/i"). */
export function benchHashes(count) {
  const hashes = new Array(count);
  for (let i = 0; i < count; i++) hashes[i] = createHash('sha1').update(`bench-torrent/${i}`).digest('hex');
  return hashes;
}

function main([countArg, out]) {
  const count = Number(countArg);
  if (!Number.isInteger(count) || count < 1 || count > 10_000_000 || !out) {
    console.error('usage: node bench-hashes.js COUNT OUTFILE');
    process.exit(2);
  }
  writeFileSync(out, benchHashes(count).join('\n') + '\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main(process.argv.slice(2));
