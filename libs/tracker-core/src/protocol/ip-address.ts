/**
 * IP address text <-> bytes, written here because the core may not import `node:net`
 * and because we need bytes (4 or 16) rather than strings on the hot path.
 */

const IPV4_MAPPED_PREFIX = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];

/** Parses a dotted-quad IPv4 address ("a.b.c.d", no leading zeros) into 4 bytes. */
export function parseIpv4(text: string): Buffer | undefined {
  const bytes = parseIpv4Octets(text);
  return bytes === undefined ? undefined : Buffer.from(bytes);
}

/** Parses an IPv6 address (RFC 4291 text form, optional dotted IPv4 tail, no zone) into 16 bytes. */
export function parseIpv6(text: string): Buffer | undefined {
  if (text.length < 2 || text.length > 45) return undefined;
  const gap = text.indexOf('::');
  if (gap !== -1 && text.indexOf('::', gap + 1) !== -1) return undefined;
  const headText = gap === -1 ? text : text.slice(0, gap);
  const tailText = gap === -1 ? '' : text.slice(gap + 2);
  const head = groupsToWords(headText, gap === -1);
  const tail = groupsToWords(tailText, true);
  if (head === undefined || tail === undefined) return undefined;
  const used = head.length + tail.length;
  // '::' stands for one or more zero groups, so it needs room for at least one.
  if (gap === -1 ? used !== 8 : used > 7) return undefined;
  const out = Buffer.alloc(16);
  head.forEach((word, i) => out.writeUInt16BE(word, i * 2));
  tail.forEach((word, i) => out.writeUInt16BE(word, (8 - tail.length + i) * 2));
  return out;
}

/** Parses either family. IPv4-mapped IPv6 (`::ffff:a.b.c.d`) is returned as 4 bytes. */
export function parseIpAddress(text: string): Buffer | undefined {
  const ip = text.includes(':') ? parseIpv6(text) : parseIpv4(text);
  return ip === undefined ? undefined : unmapIpv4(ip);
}

/** An IPv4-mapped IPv6 address becomes the IPv4 address it carries; others are returned as is. */
export function unmapIpv4(ip: Buffer): Buffer {
  if (ip.length !== 16) return ip;
  for (let i = 0; i < 12; i++) if (ip[i] !== IPV4_MAPPED_PREFIX[i]) return ip;
  return Buffer.from(ip.subarray(12));
}

/** Text form: dotted quad, or RFC 5952 (lower case, longest zero run as `::`). */
export function formatIpAddress(ip: Uint8Array): string {
  if (ip.length === 4) return `${ip[0]}.${ip[1]}.${ip[2]}.${ip[3]}`;
  if (ip.length !== 16) throw new TypeError(`an IP address has 4 or 16 bytes, got ${ip.length}`);
  const words: number[] = [];
  for (let i = 0; i < 16; i += 2) words.push((ip[i] << 8) | ip[i + 1]);
  const [runStart, runLength] = longestZeroRun(words);
  if (runLength < 2) return words.map((w) => w.toString(16)).join(':');
  const left = words
    .slice(0, runStart)
    .map((w) => w.toString(16))
    .join(':');
  const right = words
    .slice(runStart + runLength)
    .map((w) => w.toString(16))
    .join(':');
  return `${left}::${right}`;
}

function longestZeroRun(words: number[]): [number, number] {
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < words.length;) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < words.length && words[j] === 0) j++;
    if (j - i > bestLength) [bestStart, bestLength] = [i, j - i];
    i = j;
  }
  return [bestStart, bestLength];
}

function parseIpv4Octets(text: string): number[] | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const octets: number[] = [];
  for (const part of parts) {
    // Leading zeros are refused: some parsers read them as octal, so they are ambiguous.
    if (!/^(0|[1-9][0-9]{0,2})$/.test(part)) return undefined;
    const value = Number(part);
    if (value > 255) return undefined;
    octets.push(value);
  }
  return octets;
}

/** Colon-separated hex groups to 16-bit words; the last group may be a dotted IPv4 address. */
function groupsToWords(text: string, allowIpv4Tail: boolean): number[] | undefined {
  if (text === '') return [];
  const groups = text.split(':');
  const words: number[] = [];
  for (let i = 0; i < groups.length; i++) {
    const group = groups[i];
    if (allowIpv4Tail && i === groups.length - 1 && group.includes('.')) {
      const octets = parseIpv4Octets(group);
      if (octets === undefined) return undefined;
      words.push((octets[0] << 8) | octets[1], (octets[2] << 8) | octets[3]);
    } else {
      if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return undefined;
      words.push(parseInt(group, 16));
    }
  }
  return words;
}
