import { Buffer, isUtf8 } from 'node:buffer';

const MAX_ELEMENT_BYTES = 255;
// C0 controls (NUL included), DEL and C1 controls: invisible, and some file systems refuse them.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;
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
  if (text.includes('/')) return text.startsWith('/') ? 'is an absolute path' : 'contains "/"';
  if (text.includes('\\')) return 'contains a backslash';
  if (DRIVE_LETTER.test(text)) return 'is an absolute Windows path';
  if (WINDOWS_DEVICE_NAME.test(text)) return 'is a reserved device name on Windows';
  return null;
}
