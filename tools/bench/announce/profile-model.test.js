// node --test tools/bench/announce/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { areaOf, renderProfile, summarizeProfile } from './profile-model.js';

const frame = (functionName, url = '', lineNumber = 0) => ({
  functionName,
  url,
  lineNumber,
  columnNumber: 0,
});

// A tiny profile: root -> handle (ours) -> evalsha (ioredis); plus the GC.
const profile = {
  nodes: [
    { id: 1, callFrame: frame('(root)'), children: [2, 4] },
    {
      id: 2,
      callFrame: frame('handle', 'file:///work/main/apps/announcer/dist/http/tracker-server.js', 41),
      children: [3],
    },
    { id: 3, callFrame: frame('sendCommand', 'file:///work/main/node_modules/ioredis/built/Redis.js', 9) },
    { id: 4, callFrame: frame('(garbage collector)') },
  ],
  samples: [2, 3, 3, 4, 2],
  // µs since the previous sample; a sample's own time is the delta to the next one
  timeDeltas: [0, 1000, 3000, 2000, 4000],
};

test('areaOf sorts frames into code areas', () => {
  assert.equal(areaOf(frame('x', 'file:///r/apps/announcer/dist/main.js')), 'our announcer');
  assert.equal(areaOf(frame('x', 'file:///r/node_modules/ioredis/built/Redis.js')), 'ioredis');
  assert.equal(areaOf(frame('x', 'node:_http_server')), 'node:http / net / streams');
  assert.equal(areaOf(frame('(garbage collector)')), '(garbage collector)');
  assert.equal(areaOf(frame('SHA1')), 'V8 / native');
});

test('summarizeProfile attributes time to the sampled function, heaviest first', () => {
  const s = summarizeProfile(profile);
  assert.equal(s.totalMs, 10);
  assert.deepEqual(
    s.byFunction.map((f) => [f.name, f.ms]),
    [
      ['sendCommand', 5],
      ['(garbage collector)', 4],
      ['handle', 1],
    ],
  );
  assert.equal(s.byFunction[2].where, 'apps/announcer/dist/http/tracker-server.js:42');
  assert.deepEqual(s.byArea[0], { area: 'ioredis', ms: 5 });
});

test('native code is charged to the package frame that called it', () => {
  const withWrite = {
    nodes: [
      { id: 1, callFrame: frame('(root)'), children: [2] },
      {
        id: 2,
        callFrame: frame('sendCommand', 'file:///r/node_modules/ioredis/built/Redis.js', 9),
        children: [3],
      },
      { id: 3, callFrame: frame('writeGeneric', 'node:internal/stream_base_commons', 140), children: [4] },
      { id: 4, callFrame: frame('writeBuffer') },
    ],
    samples: [4, 4, 3],
    timeDeltas: [0, 1000, 1000, 1000],
  };
  const s = summarizeProfile(withWrite);
  assert.deepEqual(s.byArea, [{ area: 'ioredis', ms: 3 }]);
  assert.equal(s.byFunction[0].name, 'writeBuffer');
  assert.equal(s.byFunction[0].where, 'native, via sendCommand node_modules/ioredis/built/Redis.js:10');
});

test('renderProfile prints shares in percent', () => {
  const text = renderProfile('p.cpuprofile', summarizeProfile(profile));
  assert.match(text, /\| ioredis \| 50\.0 \|/);
  assert.match(text, /\| sendCommand \| node_modules\/ioredis\/built\/Redis\.js:10 \| ioredis \| 50\.0 \|/);
});

test('an empty profile summarizes to nothing instead of failing', () => {
  assert.equal(summarizeProfile({ nodes: [], samples: [], timeDeltas: [] }).totalMs, 0);
});
