import { describe, expect, it } from '@jest/globals';
import { buildFileTree } from './file-tree.js';

describe('buildFileTree', () => {
  it('lists a single file at depth 0', () => {
    expect(buildFileTree([{ path: 'a.iso', length: 10 }])).toEqual([
      { name: 'a.iso', depth: 0, size: 10, isFolder: false },
    ]);
  });

  it('nests folders before files with folder totals', () => {
    const rows = buildFileTree([
      { path: 'multi/readme.nfo', length: 7 },
      { path: 'multi/sub/b.flac', length: 5 },
      { path: 'multi/sub/a.flac', length: 3 },
    ]);
    expect(rows).toEqual([
      { name: 'multi', depth: 0, size: 15, isFolder: true },
      { name: 'sub', depth: 1, size: 8, isFolder: true },
      { name: 'a.flac', depth: 2, size: 3, isFolder: false },
      { name: 'b.flac', depth: 2, size: 5, isFolder: false },
      { name: 'readme.nfo', depth: 1, size: 7, isFolder: false },
    ]);
  });
});
