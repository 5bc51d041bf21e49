// Lint rule: the feature folders of a source tree import each other in one direction only.
// Builds the graph "folder A imports a file in folder B" from relative imports (spec files
// excluded: a test may reach across), finds its strongly connected components (Tarjan), and
// prints each cycle with one import per edge that closes it. Exit 1 when any cycle exists.
//
// One kind of import is no edge: `import type` of an entity file by an entity file. A
// relation between two entities is one foreign key that TypeORM describes from both ends
// (the owner with its join column, the inverse side for joins); with a string target
// (`@OneToOne('Release', …)`) the type import is erased and the entity file loads nothing of
// the other folder. Which folder uses which is decided by the code around the entities;
// every other type-only import still counts.
//
// usage: node tools/lint/folder-cycles.mjs [src-dir …]   (default: apps/cms/src)
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const roots = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['apps/cms/src'];
const IMPORT =
  /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g;

export function sourceFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...sourceFiles(full));
    else if (name.endsWith('.ts') && !name.endsWith('.spec.ts') && !name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

/** The top-level folder of `file` under `root` ('.' for files at the root). */
export function featureOf(root, file) {
  const rel = path.relative(root, file).split(path.sep);
  return rel.length > 1 ? rel[0] : '.';
}

/** An `import type` of an entity by an entity: the other end of a relation, erased at build. */
export function isEntityTypeImport(file, statement, specifier) {
  return (
    file.endsWith('.entity.ts') &&
    /\.entity\.js$/.test(specifier) &&
    /^import\s+type\s/.test(statement.trimStart())
  );
}

/** Edges folder -> folder, each with the first import that makes it. */
export function folderGraph(root, files, read = (f) => readFileSync(f, 'utf8')) {
  const edges = new Map();
  for (const file of files) {
    const from = featureOf(root, file);
    for (const m of read(file).matchAll(IMPORT)) {
      if (m[1] && isEntityTypeImport(file, m[0], m[1])) continue;
      const target = path.resolve(path.dirname(file), m[1] ?? m[2]);
      if (!target.startsWith(path.resolve(root) + path.sep)) continue;
      const to = featureOf(path.resolve(root), target);
      if (to === from || to === '.' || from === '.') continue;
      const key = `${from} -> ${to}`;
      if (!edges.has(key))
        edges.set(key, { from, to, via: `${path.relative(root, file)} imports ${m[1] ?? m[2]}` });
    }
  }
  return [...edges.values()];
}

/** Strongly connected components with more than one folder: each is a cycle. */
export function cycles(edges) {
  const next = new Map();
  for (const e of edges) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const found = [];
  let counter = 0;
  const visit = (v) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
    }
    if (low.get(v) === index.get(v)) {
      const component = [];
      let w;
      do {
        w = stack.pop();
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const v of next.keys()) if (!index.has(v)) visit(v);
  return found;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  let failed = false;
  for (const root of roots) {
    const edges = folderGraph(root, sourceFiles(root));
    for (const component of cycles(edges)) {
      failed = true;
      const inside = edges.filter((e) => component.includes(e.from) && component.includes(e.to));
      console.error(`${root}: folders import each other in a cycle: ${component.join(', ')}`);
      for (const e of inside) console.error(`  ${e.from} -> ${e.to}: ${e.via}`);
    }
  }
  process.exit(failed ? 1 : 0);
}
