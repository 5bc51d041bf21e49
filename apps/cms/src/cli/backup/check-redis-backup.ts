import { createReadStream } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { BackupCheckError, type PartReport } from './backup-error.js';
import { Crc64 } from './crc64.js';
import { RespScanner } from './resp-scanner.js';

const RDB_MAGIC = /^REDIS(\d{4})$/;
const EOF_OPCODE = 0xff;

/**
 * An RDB snapshot: the `REDIS<version>` magic, the EOF opcode 8 bytes from the end, and the
 * CRC-64 of everything up to that opcode equal to the 8 bytes after it (all zero: checksums
 * were off). Keys are not decoded.
 */
export async function checkRdb(file: string): Promise<string> {
  const name = path.basename(file);
  const crc = new Crc64();
  let head = Buffer.alloc(0);
  let tail = Buffer.alloc(0);
  let size = 0;
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    if (head.length < 9) head = Buffer.concat([head, chunk]).subarray(0, 9);
    // Hold back the last 9 bytes seen (the EOF opcode and the checksum): the rest is data.
    const joined = Buffer.concat([tail, chunk]);
    const data = Math.max(0, joined.length - 9);
    crc.update(joined.subarray(0, data));
    tail = joined.subarray(data);
    size += chunk.length;
  }
  const magic = RDB_MAGIC.exec(head.toString('latin1'));
  if (!magic) throw new BackupCheckError(`${name}: not an RDB file (no REDIS magic)`);
  if (size < 18 || tail[0] !== EOF_OPCODE)
    throw new BackupCheckError(`${name}: cut short (no end-of-file marker)`);
  crc.update(tail.subarray(0, 1));
  const stored = Buffer.from(tail.subarray(1)).reverse().toString('hex');
  const off = stored === '0'.repeat(16);
  if (!off && stored !== crc.hex()) {
    throw new BackupCheckError(`${name}: checksum mismatch (stored ${stored}, computed ${crc.hex()})`);
  }
  return `${name}: RDB version ${Number(magic[1])}, ${size} bytes, checksum ${off ? 'off' : 'ok'}`;
}

/** An append-only file: a sequence of complete RESP commands (and `#` annotations). */
async function checkAofFile(file: string): Promise<number> {
  const scanner = new RespScanner();
  try {
    for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) scanner.push(chunk);
    return scanner.end();
  } catch (err) {
    throw new BackupCheckError(`${path.basename(file)}: ${(err as Error).message}`);
  }
}

interface ManifestEntry {
  readonly file: string;
  readonly type: string;
}

/** Redis 7's `appendonly.aof.manifest`: one `file <name> seq <n> type <b|h|i>` per line. */
function parseManifest(text: string, name: string): ManifestEntry[] {
  const entries: ManifestEntry[] = [];
  for (const line of text.split('\n').filter((l) => l.trim() !== '')) {
    const fields = line.trim().split(/\s+/);
    const pairs = new Map<string, string>();
    for (let i = 0; i + 1 < fields.length; i += 2) pairs.set(fields[i] ?? '', fields[i + 1] ?? '');
    const file = pairs.get('file');
    const type = pairs.get('type');
    if (!file || !type || !['b', 'h', 'i'].includes(type) || file.includes('/')) {
      throw new BackupCheckError(`${name}: not an AOF manifest line: "${line.slice(0, 60)}"`);
    }
    entries.push({ file, type });
  }
  if (!entries.some((e) => e.type === 'b')) throw new BackupCheckError(`${name}: no base file listed`);
  return entries;
}

/** A Redis 7 append-only folder: the manifest, its base (RDB or AOF) and incremental files. */
export async function checkAofDir(dir: string): Promise<string> {
  const manifestName = (await readdir(dir)).find((n) => n.endsWith('.manifest'));
  if (!manifestName) throw new BackupCheckError(`${path.basename(dir)}: no *.manifest file`);
  const entries = parseManifest(await readFile(path.join(dir, manifestName), 'utf8'), manifestName);
  let commands = 0;
  for (const entry of entries.filter((e) => e.type !== 'h')) {
    const file = path.join(dir, entry.file);
    if (entry.file.endsWith('.rdb')) await checkRdb(file);
    else commands += await checkAofFile(file);
  }
  return `${path.basename(dir)}: manifest with ${entries.length} files, ${commands} AOF commands, all complete`;
}

/** The Redis part of a backup: a dump.rdb and/or an appendonlydir, whichever is there. */
export async function checkRedisBackup(rdb: string | null, aofDir: string | null): Promise<PartReport> {
  const lines: string[] = [];
  if (rdb) lines.push(await checkRdb(rdb));
  if (aofDir) lines.push(await checkAofDir(aofDir));
  return { part: 'redis', summary: lines.join('; ') };
}
