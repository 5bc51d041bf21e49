import { Buffer, isUtf8 } from 'node:buffer';

const MAX_ELEMENT_BYTES = 255;
/**
 * Most elements (folders plus the file name) in one file path. Windows' classic MAX_PATH of
 * 260 characters cannot hold even 100 one-letter levels, and real torrents nest a handful; a
 * deeper path only serves to make clients build absurd folder chains.
 */
export const MAX_PATH_DEPTH = 100;
/** The folder BEP 47 pad files live in (`.pad/<length>`); only pad files may use it. */
export const PAD_FOLDER = '.pad';
// C0 controls (NUL included), DEL and C1 controls: invisible, and some file systems refuse them.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;
/**
 * Bidirectional controls (LRM, RLM, ALM, the embeddings, overrides and isolates): invisible,
 * they make "gpj.exe" display as "exe.jpg", so a name shows something other than what it is.
 */
const BIDI_CONTROL = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
/** Windows device names, reserved with any extension and with trailing spaces. */
const WINDOWS_DEVICE_NAME = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])\s*(\..*)?$/i;
const DRIVE_LETTER = /^[a-z]:/i;

/**
 * Why one element of a file path (a directory or file name) would be unsafe to create on a
 * downloader's disk, or null when it is fine. Client software joins these elements into real
 * paths, so anything that could climb out of the download folder or trip Windows is refused.
 */
export function pathElementProblem(element: Uint8Array): string | null {
  if (element.length === 0) return 'is empty';
  if (element.length > MAX_ELEMENT_BYTES) return `is longer than ${MAX_ELEMENT_BYTES} bytes`;
  if (!isUtf8(element)) return 'is not valid UTF-8';
  const text = Buffer.from(element).toString('utf8');
  if (text === '.' || text === '..') return `is "${text}"`;
  if (text.includes('\0')) return 'contains a NUL character';
  if (CONTROL_CHARACTER.test(text)) return 'contains a control character';
  const bidi = BIDI_CONTROL.exec(text);
  if (bidi !== null) return `contains the invisible direction control ${codePoint(bidi[0])}`;
  if (text.includes('/')) return text.startsWith('/') ? 'is an absolute path' : 'contains "/"';
  if (text.includes('\\')) return 'contains a backslash';
  if (DRIVE_LETTER.test(text)) return 'is an absolute Windows path';
  if (WINDOWS_DEVICE_NAME.test(text)) return 'is a reserved device name on Windows';
  // Windows drops a trailing dot or space, so two such names would land on one file.
  if (text.endsWith('.')) return 'ends with a dot, which Windows cannot create';
  if (text.endsWith(' ')) return 'ends with a space, which Windows cannot create';
  return null;
}

/** Why a whole path (its elements in order) is unsafe beyond its elements, or null. */
export function pathShapeProblem(elements: readonly string[], isPadFile: boolean): string | null {
  if (elements.length > MAX_PATH_DEPTH)
    return `it is ${elements.length} levels deep; the limit is ${MAX_PATH_DEPTH}`;
  if (!isPadFile && elements.length > 1 && elements[0].toLowerCase() === PAD_FOLDER)
    return `only BEP 47 pad files (attr "p") may be in "${PAD_FOLDER}"`;
  return null;
}

const INVISIBLE = /[\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * A path quoted for a message the site shows: at most 200 characters, and with the controls
 * JSON leaves as they are escaped too, so a U+202E in a name cannot reverse the message itself.
 */
export function quotePath(path: string): string {
  return JSON.stringify(path.slice(0, 200)).replace(
    INVISIBLE,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function codePoint(char: string): string {
  return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}
