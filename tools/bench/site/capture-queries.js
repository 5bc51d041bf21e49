// node tools/bench/site/capture-queries.js <base url> <proxy log> <out.json>
// Requests each benchmarked page twice (through a CMS whose database traffic goes through
// sql-capture-proxy.js) and records which SQL each view ran: { cold: { page: [sql, …] },
// warm: { page: [sql, …] } }. The first view of a list finds its short-lived cache empty, so
// `cold` holds the queries behind the page; `warm` shows what a repeated view still runs.
// Statements the CMS also runs while idle (registry outbox polling and the like) are left out
// by their shape.
import { readFileSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { logIn, PAGES } from './pages.js';

const [baseUrl, proxyLog, outFile] = process.argv.slice(2);
if (!baseUrl || !proxyLog || !outFile) {
  console.error('usage: capture-queries.js <base url> <proxy log> <out.json>');
  process.exit(2);
}

const logLines = () => readFileSync(proxyLog, 'utf8').split('\n').filter(Boolean);

/** A statement with its literals replaced, so two polls of the same query compare equal. */
const shapeOf = (sql) => sql.replace(/'(?:[^'\\]|\\.)*'/g, '?').replace(/\b\d+\b/g, '?');

/** The shapes of what the CMS runs with no request in flight. */
async function idleShapes(ms) {
  const before = logLines().length;
  await sleep(ms);
  return new Set(
    logLines()
      .slice(before)
      .map((line) => shapeOf(JSON.parse(line))),
  );
}

async function main() {
  const cookie = await logIn(baseUrl);
  const background = await idleShapes(3000);
  const captured = { cold: {}, warm: {} };
  for (const page of PAGES) {
    const headers = page.login ? { cookie } : {};
    const path = page.path();
    for (const view of ['cold', 'warm']) {
      const before = logLines().length;
      const res = await fetch(baseUrl + path, { headers });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${page.name}: ${path} answered HTTP ${res.status}`);
      await sleep(200);
      captured[view][page.name] = logLines()
        .slice(before)
        .map((line) => JSON.parse(line))
        .filter((sql) => !background.has(shapeOf(sql)));
    }
  }
  writeFileSync(outFile, JSON.stringify(captured, null, 2));
}

main().catch((err) => {
  console.error(`bench:site: query capture failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
