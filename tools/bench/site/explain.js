// node tools/bench/site/explain.js <queries.json> <out.json>
// EXPLAINs every SELECT the hot pages ran (captured by capture-queries.js), times each one
// (median of 5), and flags full scans and filesorts over large sets. On MariaDB it uses ANALYZE,
// which runs the query and reports the rows each step really read (r_rows): EXPLAIN's `rows`
// ignores LIMIT, so a 10-row page would look like a scan.
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import mysql from 'mysql2/promise';
import { DATABASE_URL } from './bench-config.js';
import { PAGES } from './pages.js';

/** A plan step over more rows than this is "large" (every bench table but category is). */
const LARGE_ROWS = 1000;

const [queriesFile, outFile] = process.argv.slice(2);
if (!queriesFile || !outFile) {
  console.error('usage: explain.js <queries.json> <out.json>');
  process.exit(2);
}

/** A query slower than this alone eats a large part of the 50 ms p99 budget of a page. */
const SLOW_MS = 10;

function problemsOf(plan, ms) {
  const problems = [];
  if (ms > SLOW_MS) problems.push(`slow: median ${ms.toFixed(1)} ms on its own`);
  // Nested-loop joins multiply: 8 categories x 7,000 releases each is a scan in disguise.
  const examined = plan.reduce((n, step) => n * Math.max(1, rowsRead(step)), 1);
  if (plan.length > 1 && examined > 10 * LARGE_ROWS) problems.push(`join examines ~${examined} rows`);
  for (const step of plan) {
    const rows = rowsRead(step);
    const extra = String(step.Extra ?? '');
    if (step.type === 'ALL' && rows > LARGE_ROWS)
      problems.push(`full table scan of \`${step.table}\` (~${rows} rows)`);
    if (extra.includes('Using filesort') && rows > LARGE_ROWS) {
      problems.push(`filesort over ~${rows} rows of \`${step.table}\``);
    }
    if (extra.includes('Using temporary') && rows > LARGE_ROWS) {
      problems.push(`temporary table over ~${rows} rows of \`${step.table}\``);
    }
  }
  return problems;
}

/** Rows the step read: measured (ANALYZE's r_rows) when known, else the optimizer's estimate. */
function rowsRead(step) {
  return Math.round(Number(step.r_rows ?? step.rows ?? 0));
}

async function planOf(db, sql) {
  try {
    const [plan] = await db.query(`ANALYZE ${sql}`);
    return plan;
  } catch {
    // MySQL has no ANALYZE <select> (its EXPLAIN ANALYZE prints a tree): estimates only there.
    const [plan] = await db.query(`EXPLAIN ${sql}`);
    return plan;
  }
}

async function medianMs(db, sql) {
  const times = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    await db.query(sql);
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[2];
}

const shorten = (sql) => (sql.length > 700 ? `${sql.slice(0, 700)} …` : sql);

function planTable(plan) {
  const lines = ['| table | type | key | rows (est.) | rows read | extra |', '|---|---|---|---:|---:|---|'];
  for (const s of plan) {
    const read = s.r_rows == null ? '' : rowsRead(s);
    lines.push(`| ${s.table} | ${s.type} | ${s.key ?? ''} | ${s.rows ?? ''} | ${read} | ${s.Extra ?? ''} |`);
  }
  return lines.join('\n');
}

async function main() {
  const captured = JSON.parse(readFileSync(queriesFile, 'utf8'));
  const db = await mysql.createConnection({
    uri: DATABASE_URL.replace(/^mariadb:/, 'mysql:'),
    timezone: 'Z',
  });
  const report = [];
  const out = ['## Query plans of the hot pages\n'];
  try {
    // capture-queries.js records a first (cache-miss) and a repeated view of each page.
    const cold = captured.cold ?? captured;
    const isSelect = (sql) => /^\s*select\b/i.test(sql);
    for (const page of PAGES) {
      const selects = [...new Set((cold[page.name] ?? []).filter(isSelect))];
      const warm = captured.warm?.[page.name]?.filter(isSelect).length;
      const repeat = warm === undefined ? '' : `; a repeated view: ${warm}`;
      out.push(`### ${page.title}: ${selects.length} SELECT(s) on a first view${repeat}\n`);
      for (const sql of selects) {
        const plan = await planOf(db, sql);
        const ms = await medianMs(db, sql);
        const problems = problemsOf(plan, ms);
        report.push({ page: page.name, sql, ms, plan, problems });
        out.push('```sql', shorten(sql), '```', `median ${ms.toFixed(2)} ms`, '', planTable(plan), '');
        for (const p of problems) out.push(`- **${p}**`);
        if (problems.length) out.push('');
      }
    }
  } finally {
    await db.end();
  }
  const flagged = report.filter((r) => r.problems.length);
  out.push('## Plan findings\n');
  if (!flagged.length) out.push('No full table scan or large filesort on the hot pages.');
  for (const r of flagged) out.push(`- ${r.page} (${r.ms.toFixed(1)} ms): ${r.problems.join('; ')}`);
  writeFileSync(outFile, JSON.stringify(report, null, 2));
  console.log(out.join('\n'));
}

main().catch((err) => {
  console.error(`bench:site: explain failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
