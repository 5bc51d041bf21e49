import { Buffer } from 'node:buffer';
import type { BencodeDict } from '../bencode/bencode-value.js';
import { field, isDict, isInteger } from './bencode-fields.js';
import { MetainfoError } from './metainfo-error.js';
import type { TorrentFile } from './parsed-torrent.js';
import { pathElementProblem, pathShapeProblem, quotePath } from './path-rules.js';

/**
 * The files of a BEP 52 `file tree` (v2 half of a hybrid), with every name checked like a v1
 * path. Directories nest one dictionary per level; a file is a node holding only the "" key.
 * Walked with an explicit stack; depth is already bounded by the bencode scan.
 */
export function readFileTree(info: BencodeDict, maxFiles: number): TorrentFile[] {
  const tree = field(info, 'file tree');
  if (!isDict(tree)) throw new MetainfoError('This hybrid torrent has no valid v2 file tree.');
  const files: TorrentFile[] = [];
  const pending: { folder: BencodeDict; prefix: string }[] = [{ folder: tree, prefix: '' }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    for (const [name, node] of Object.entries(next.folder)) {
      const path = next.prefix === '' ? name : `${next.prefix}/${name}`;
      checkName(name, path);
      if (!isDict(node))
        throw new MetainfoError(`The v2 file tree entry ${JSON.stringify(path)} is malformed.`);
      const leaf = field(node, '');
      if (leaf === undefined) pending.push({ folder: node, prefix: path });
      else files.push(readLeaf(node, leaf, path));
      if (files.length > maxFiles) throw new MetainfoError(`The torrent lists more than ${maxFiles} files.`);
    }
  }
  return files;
}

function readLeaf(node: BencodeDict, leaf: BencodeDict[string], path: string): TorrentFile {
  const length = isDict(leaf) ? field(leaf, 'length') : undefined;
  if (Object.keys(node).length !== 1 || !isInteger(length) || length < 0) {
    throw new MetainfoError(`The v2 file tree entry ${JSON.stringify(path)} is malformed.`);
  }
  return { path, length, pad: false };
}

/** A v2 tree has no pad files (BEP 52 aligns files itself), so none belongs in ".pad". */
function checkName(name: string, path: string): void {
  const element = pathElementProblem(Buffer.from(name, 'utf8'));
  const problem = element === null ? pathShapeProblem(path.split('/'), false) : `the name ${element}`;
  if (problem !== null) {
    throw new MetainfoError(`A file path is not allowed: ${quotePath(path)} (${problem}).`, 'unsafe_path');
  }
}
