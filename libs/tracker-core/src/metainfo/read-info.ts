import { Buffer } from 'node:buffer';
import type { BencodeDict, BencodeValue } from '../bencode/bencode-value.js';
import { field, isBytes, isDict, isInteger, textOf } from './bencode-fields.js';
import { MetainfoError } from './metainfo-error.js';
import type { MetainfoLimits } from './metainfo-limits.js';
import type { TorrentFile } from './parsed-torrent.js';
import { pathElementProblem, pathShapeProblem, quotePath } from './path-rules.js';
import { readFileTree } from './read-file-tree.js';

const PIECE_HASH_BYTES = 20;

/** What the info dictionary says about the content. */
export interface InfoSummary {
  name: string;
  files: TorrentFile[];
  totalSize: number;
  pieceLength: number;
  pieceCount: number;
  private: boolean;
  source: string | null;
  /** True for a hybrid v1+v2 torrent (meta version 2 with v1 pieces). */
  hybrid: boolean;
}

/** Validates the info dictionary; throws MetainfoError with a reason a person can act on. */
export function readInfo(info: BencodeDict, limits: MetainfoLimits): InfoSummary {
  const hybrid = readMetaVersion(info) === 2;
  const name = readName(info);
  const pieceLength = readPieceLength(info, limits);
  const files = readFiles(info, name, limits);
  const totalSize = sumLengths(files);
  const pieceCount = readPieceCount(info, totalSize, pieceLength);
  if (hybrid) checkSameFilesAsV1(readFileTree(info, limits.maxFiles), files);
  return {
    name,
    files,
    totalSize,
    pieceLength,
    pieceCount,
    private: field(info, 'private') === 1,
    source: textOf(field(info, 'source')),
    hybrid,
  };
}

function readMetaVersion(info: BencodeDict): number | undefined {
  const version = field(info, 'meta version');
  if (version === undefined) return undefined;
  if (version !== 2)
    throw new MetainfoError(`This torrent has an unsupported meta version (${describe(version)}).`);
  if (field(info, 'pieces') === undefined) {
    throw new MetainfoError(
      'This is a BitTorrent v2-only torrent. The site accepts v1 and hybrid v1+v2 torrents, because ' +
        'the tracker and most clients identify torrents by the v1 info hash: create it again as v1 or hybrid.',
      'v2_only_torrent',
    );
  }
  return version;
}

function readName(info: BencodeDict): string {
  const name = field(info, 'name');
  if (!isBytes(name)) throw new MetainfoError('The torrent has no name.');
  checkPath([name], 'The torrent name');
  checkOptionalUtf8Path(field(info, 'name.utf-8'), 'The torrent name (name.utf-8)');
  return Buffer.from(name).toString('utf8');
}

function readPieceLength(info: BencodeDict, limits: MetainfoLimits): number {
  const length = field(info, 'piece length');
  if (!isInteger(length)) throw new MetainfoError('The torrent has no piece length.');
  const powerOfTwo = length > 0 && (length & (length - 1)) === 0;
  if (!powerOfTwo || length < limits.minPieceLength || length > limits.maxPieceLength) {
    throw new MetainfoError(
      `The piece length ${length} is not accepted: it must be a power of two from ` +
        `${limits.minPieceLength / 1024} KiB to ${limits.maxPieceLength / (1024 * 1024)} MiB.`,
    );
  }
  return length;
}

function readFiles(info: BencodeDict, name: string, limits: MetainfoLimits): TorrentFile[] {
  const length = field(info, 'length');
  const files = field(info, 'files');
  if ((length === undefined) === (files === undefined)) {
    throw new MetainfoError(
      'The torrent must have either a single length or a list of files, not both or neither.',
    );
  }
  if (length !== undefined) return [{ path: name, length: readLength(length, name), pad: false }];
  if (!Array.isArray(files) || files.length === 0)
    throw new MetainfoError('The torrent has an empty or invalid file list.');
  if (files.length > limits.maxFiles) {
    throw new MetainfoError(`The torrent lists ${files.length} files; the limit is ${limits.maxFiles}.`);
  }
  const parsed = files.map(readFileEntry);
  checkNoCollisions(parsed);
  return parsed;
}

function readFileEntry(entry: BencodeValue): TorrentFile {
  if (!isDict(entry)) throw new MetainfoError('The file list holds an entry that is not a dictionary.');
  const elements = field(entry, 'path');
  if (!Array.isArray(elements) || elements.length === 0 || !elements.every(isBytes)) {
    throw new MetainfoError('The file list holds an entry without a valid path.');
  }
  const pad = (textOf(field(entry, 'attr')) ?? '').includes('p');
  const path = checkPath(elements, 'A file path', pad);
  checkOptionalUtf8Path(field(entry, 'path.utf-8'), 'A file path (path.utf-8)', pad);
  return { path, length: readLength(field(entry, 'length'), path), pad };
}

function readLength(value: BencodeValue | undefined, path: string): number {
  if (!isInteger(value) || value < 0)
    throw new MetainfoError(`The file ${JSON.stringify(path)} has no valid length.`);
  return value;
}

/** Checks the path as a whole, then every element; returns the path joined with "/". */
function checkPath(elements: Uint8Array[], what: string, pad = false): string {
  const text = elements.map((element) => Buffer.from(element).toString('utf8'));
  const refuse = (why: string): MetainfoError =>
    new MetainfoError(`${what} is not allowed: ${quotePath(text.join('/'))} (${why}).`, 'unsafe_path');
  // The shape first: a path 100,000 levels deep is refused without checking each level.
  const shape = pathShapeProblem(text, pad);
  if (shape !== null) throw refuse(shape);
  elements.forEach((element, index) => {
    const problem = pathElementProblem(element);
    if (problem !== null) throw refuse(`part ${index + 1} ${problem}`);
  });
  return text.join('/');
}

function checkOptionalUtf8Path(value: BencodeValue | undefined, what: string, pad = false): void {
  if (value === undefined) return;
  const elements = Array.isArray(value) ? value : [value];
  if (elements.length === 0 || !elements.every(isBytes)) throw new MetainfoError(`${what} is malformed.`);
  checkPath(elements, what, pad);
}

/** Two files at one path, or a file where another file needs a folder, would overwrite each other. */
function checkNoCollisions(files: TorrentFile[]): void {
  const filePaths = new Set<string>();
  const folders = new Set<string>();
  for (const { path, pad } of files) {
    if (pad) continue; // BEP 47 pad files share names like ".pad/16384" by design
    if (filePaths.has(path) || folders.has(path))
      throw new MetainfoError(`The torrent lists ${JSON.stringify(path)} twice.`);
    filePaths.add(path);
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) folders.add(parts.slice(0, i).join('/'));
  }
  const clash = [...folders].find((folder) => filePaths.has(folder));
  if (clash !== undefined)
    throw new MetainfoError(`The torrent uses ${JSON.stringify(clash)} as both a file and a folder.`);
}

function sumLengths(files: TorrentFile[]): number {
  const total = files.reduce((sum, file) => sum + file.length, 0);
  if (!Number.isSafeInteger(total)) throw new MetainfoError('The torrent is too large to be real.');
  if (total === 0) throw new MetainfoError('The torrent contains no data (every file is empty).');
  return total;
}

function readPieceCount(info: BencodeDict, totalSize: number, pieceLength: number): number {
  const pieces = field(info, 'pieces');
  if (!isBytes(pieces)) throw new MetainfoError('The torrent has no piece hashes.');
  if (pieces.length % PIECE_HASH_BYTES !== 0) {
    throw new MetainfoError(`The piece hashes are ${pieces.length} bytes long, not a multiple of 20.`);
  }
  const count = pieces.length / PIECE_HASH_BYTES;
  const expected = Math.ceil(totalSize / pieceLength);
  if (count !== expected) {
    throw new MetainfoError(
      `The torrent has ${count} piece hashes, but ${totalSize} bytes in pieces of ${pieceLength} need ${expected}.`,
    );
  }
  return count;
}

/** A hybrid whose v1 and v2 halves list different files would give v1 and v2 clients different content. */
function checkSameFilesAsV1(v2Files: TorrentFile[], v1Files: TorrentFile[]): void {
  const key = (file: TorrentFile) => `${file.path}\0${file.length}`;
  const v1 = v1Files
    .filter((file) => !file.pad)
    .map(key)
    .sort();
  const v2 = v2Files.map(key).sort();
  if (v1.length !== v2.length || v1.some((entry, i) => entry !== v2[i])) {
    throw new MetainfoError('This hybrid torrent lists different files in its v1 and v2 parts.');
  }
}

function describe(value: BencodeValue): string {
  return isInteger(value) ? String(value) : 'not a number';
}
