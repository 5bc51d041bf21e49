// Correctness of an HTTP tracker before it is loaded: five peers join info_hash #0 of the
// list, the answers and a scrape of 1 and of 10 hashes must show them, and once they stop
// the counts are back where they were. Counts are compared with a scrape taken first, so a
// tracker that already holds peers passes too; the check leaves no peer behind.
//
// usage: node check-tracker.js ANNOUNCE_URL HASHES_FILE [PASSKEY]
//   ANNOUNCE_URL may hold {passkey}. Prints one PASS/FAIL line per check; exit 0 if all pass.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import {
  announceQuery,
  compactPeers,
  isLoopbackUrl,
  judgeAnnounce,
  judgeScrape,
  percentEncode,
  scrapeUrlOf,
  withQuery,
} from './check-model.js';

// Above every port the load model uses (1025 + slot div torrents, at most 51,024 here).
const PORTS = [64001, 64002, 64003, 64004, 64005];
const SEEDER = 4;
const TIMEOUT_MS = 5000;

let failures = 0;
function report(name, ok, detail) {
  console.log(`${ok ? 'PASS' : 'FAIL'} ${name}${detail ? ` (${detail})` : ''}`);
  if (!ok) failures++;
  return ok;
}

function get(url) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent: false, headers: { Connection: 'close' } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks) }));
    });
    req.setTimeout(TIMEOUT_MS, () => req.destroy(new Error(`no answer within ${TIMEOUT_MS} ms`)));
    req.on('error', reject);
  });
}

const peerId = (i) =>
  Buffer.concat([Buffer.from('-CK0001-'), createHash('sha1').update(`check/${i}`).digest().subarray(0, 12)]);

function readHashes(file) {
  const lines = readFileSync(file, 'latin1')
    .split('\n')
    .filter((l) => /^[0-9a-f]{40}$/i.test(l.trim()));
  return lines.slice(0, 10).map((l) => Buffer.from(l.trim(), 'hex'));
}

async function scrapeCounts(scrapeUrl, hashes) {
  const query = hashes.map((h) => `info_hash=${percentEncode(h)}`).join('&');
  const { status, body } = await get(withQuery(scrapeUrl, query));
  return judgeScrape(status, body, hashes);
}

async function run(announceUrl, hashes) {
  const scrapeUrl = scrapeUrlOf(announceUrl);
  const key = hashes[0].toString('hex');
  const first = await scrapeCounts(scrapeUrl, [hashes[0]]);
  const base = first.counts?.[key] ?? { complete: 0, incomplete: 0 };
  console.log(`info counts of hash #0 before: complete=${base.complete} incomplete=${base.incomplete}`);
  const announce = async (i, event) => {
    const query = announceQuery({
      infoHash: hashes[0],
      peerId: peerId(i),
      port: PORTS[i],
      left: i === SEEDER ? 0 : 1000,
      event,
    });
    const { status, body } = await get(withQuery(announceUrl, query));
    return judgeAnnounce(status, body);
  };

  let last;
  for (let i = 0; i < PORTS.length; i++) {
    last = await announce(i, 'started');
    report(
      `announce ${i + 1} of 5 (started${i === SEEDER ? ', seeder' : ''}) is a valid answer`,
      last.ok,
      last.detail,
    );
  }
  if (last.ok) {
    const listed = compactPeers(last.dict.peers);
    const earlier = PORTS.slice(0, 4).map((p) => `127.0.0.1:${p}`);
    report(
      'the 5th answer lists the 4 peers before it',
      earlier.every((p) => listed.includes(p)),
      listed.join(' '),
    );
    report(
      'counts rose by 1 seeder and 4 leechers',
      last.dict.complete === base.complete + 1 && last.dict.incomplete === base.incomplete + 4,
      last.detail,
    );
  }
  const again = await announce(0, '');
  if (report('a re-announce without event is a valid answer', again.ok, again.detail))
    report(
      'a re-announce adds no peer',
      again.dict.complete + again.dict.incomplete === base.complete + base.incomplete + 5,
      again.detail,
    );

  const joined = { complete: base.complete + 1, incomplete: base.incomplete + 4 };
  for (const set of [[hashes[0]], hashes]) {
    const s = await scrapeCounts(scrapeUrl, set);
    const name = `scrape of ${set.length} hash${set.length > 1 ? 'es' : ''}`;
    if (report(`${name} is a valid answer`, s.ok, s.detail))
      report(
        `${name} counts the 5 peers`,
        sameCounts(s.counts[key], joined),
        JSON.stringify(s.counts[key] ?? null),
      );
  }

  for (let i = 0; i < PORTS.length; i++) await announce(i, 'stopped');
  const after = await scrapeCounts(scrapeUrl, [hashes[0]]);
  const gone = after.counts?.[key] ?? { complete: 0, incomplete: 0 };
  report('after 5 stopped the counts are back', after.ok && sameCounts(gone, base), after.detail);
}

const sameCounts = (a, b) => a !== undefined && a.complete === b.complete && a.incomplete === b.incomplete;

async function main([urlArg, hashesFile, passkey]) {
  if (!urlArg || !hashesFile) {
    console.error('usage: node check-tracker.js ANNOUNCE_URL HASHES_FILE [PASSKEY]');
    process.exit(2);
  }
  const url = urlArg.replace('{passkey}', passkey ?? '');
  if (!isLoopbackUrl(url)) {
    console.error(`check-tracker: refusing ${url}: loopback targets only`);
    process.exit(2);
  }
  const hashes = readHashes(hashesFile);
  if (hashes.length < 10) {
    console.error(`check-tracker: ${hashesFile} needs at least 10 info_hashes`);
    process.exit(2);
  }
  try {
    await run(url, hashes);
  } catch (err) {
    report('the tracker answers', false, err.message);
  }
  console.log(failures ? `CHECK FAILED (${failures})` : 'CHECK OK');
  process.exit(failures ? 1 : 0);
}

main(process.argv.slice(2));
