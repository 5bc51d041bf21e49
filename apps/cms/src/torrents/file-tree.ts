import type { TorrentFileEntry } from './torrent.entity.js';

/** One row of the release page's file list: folders first, each with its total size. */
export interface FileTreeRow {
  name: string;
  depth: number;
  size: number;
  isFolder: boolean;
}

interface Folder {
  folders: Map<string, Folder>;
  files: { name: string; size: number }[];
  size: number;
}

/** Flattens "a/b/c" paths into indented rows, depth-first, folders before files, sorted by name. */
export function buildFileTree(files: readonly TorrentFileEntry[]): FileTreeRow[] {
  const root: Folder = emptyFolder();
  for (const file of files) insert(root, file.path.split('/'), file.length);
  const rows: FileTreeRow[] = [];
  walk(root, 0, rows);
  return rows;
}

function emptyFolder(): Folder {
  return { folders: new Map(), files: [], size: 0 };
}

function insert(folder: Folder, parts: string[], size: number): void {
  folder.size += size;
  const [head, ...rest] = parts;
  if (head === undefined) return;
  if (rest.length === 0) {
    folder.files.push({ name: head, size });
    return;
  }
  let child = folder.folders.get(head);
  if (!child) {
    child = emptyFolder();
    folder.folders.set(head, child);
  }
  insert(child, rest, size);
}

function walk(folder: Folder, depth: number, rows: FileTreeRow[]): void {
  for (const [name, child] of [...folder.folders].sort(([a], [b]) => a.localeCompare(b))) {
    rows.push({ name, depth, size: child.size, isFolder: true });
    walk(child, depth + 1, rows);
  }
  for (const file of [...folder.files].sort((a, b) => a.name.localeCompare(b.name))) {
    rows.push({ name: file.name, depth, size: file.size, isFolder: false });
  }
}
