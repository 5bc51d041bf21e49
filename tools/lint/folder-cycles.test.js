import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { cycles, featureOf, folderGraph } from './folder-cycles.mjs';

const root = '/src';
const files = {
  '/src/a/a.ts': "import { b } from '../b/b.js';\nexport const a = 1;",
  '/src/b/b.ts': "import type { C } from '../c/c.js';\nexport const b = 2;",
  '/src/c/c.ts': "export { a } from '../a/a.js';",
  '/src/d/d.ts': "import { a } from '../a/a.js';\nimport x from 'node:fs';",
  '/src/main.ts': "import { d } from './d/d.js';",
};
const read = (f) => files[f];

test('featureOf names the top folder under the root', () => {
  assert.equal(featureOf(root, '/src/a/deep/x.ts'), 'a');
  assert.equal(featureOf(root, '/src/main.ts'), '.');
});

test('a cycle through three folders is found, with the import behind each edge', () => {
  const edges = folderGraph(root, Object.keys(files), read);
  assert.deepEqual(cycles(edges), [['a', 'b', 'c']]);
  const ab = edges.find((e) => e.from === 'a' && e.to === 'b');
  assert.equal(ab.via, `${path.join('a', 'a.ts')} imports ../b/b.js`);
});

test('imports in one direction, package imports and the root are no cycle', () => {
  const acyclic = { ...files, '/src/c/c.ts': 'export const c = 3;' };
  const edges = folderGraph(root, Object.keys(acyclic), (f) => acyclic[f]);
  assert.deepEqual(cycles(edges), []);
  assert.ok(edges.some((e) => e.from === 'd' && e.to === 'a'));
  assert.ok(!edges.some((e) => e.from === '.' || e.to === '.'));
});

test('an entity importing the type of another entity makes no edge; anything else still does', () => {
  const entities = {
    '/src/releases/release.entity.ts': "import type { Torrent } from '../torrents/torrent.entity.js';",
    '/src/releases/releases.service.ts': "import { TorrentCodec } from '../torrents/torrent-codec.js';",
    '/src/torrents/torrent.entity.ts': "import type { Release } from '../releases/release.entity.js';",
    '/src/torrents/torrent-codec.ts': 'export class TorrentCodec {}',
  };
  const edges = folderGraph(root, Object.keys(entities), (f) => entities[f]);
  assert.deepEqual(cycles(edges), []);
  assert.deepEqual(
    edges.map((e) => `${e.from} -> ${e.to}`),
    ['releases -> torrents'],
  );
  const valueImport = {
    ...entities,
    '/src/torrents/torrent.entity.ts': "import { Release } from '../releases/release.entity.js';",
  };
  const withValue = folderGraph(root, Object.keys(valueImport), (f) => valueImport[f]);
  assert.deepEqual(cycles(withValue), [['releases', 'torrents']]);
  const fromService = {
    ...entities,
    '/src/torrents/torrents.service.ts': "import type { Release } from '../releases/release.entity.js';",
  };
  const serviceEdges = folderGraph(root, Object.keys(fromService), (f) => fromService[f]);
  assert.deepEqual(cycles(serviceEdges), [['releases', 'torrents']]);
});
