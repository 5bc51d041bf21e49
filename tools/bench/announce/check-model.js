// Pure part of the correctness check run before load (check-tracker.js): bencode decoding,
// URLs and the judgement of each answer. No I/O, so check-model.test.js covers it.

/** Decodes one bencoded value; strings stay Buffers (info_hashes and peers are binary). */
export function decodeBencode(buf) {
  let pos = 0;
  const fail = (why) => {
    throw new Error(`bencode: ${why} at byte ${pos}`);
  };
  const integer = (end) => {
    const text = buf.toString('latin1', pos, end);
    if (!/^(0|-?[1-9][0-9]*)$/.test(text)) fail(`bad integer "${text}"`);
    pos = end + 1;
    return Number(text);
  };
  const value = (depth) => {
    if (depth > 64) fail('nested too deep');
    const c = buf[pos];
    if (c === undefined) fail('truncated');
    if (c === 0x69) {
      pos++;
      const end = buf.indexOf(0x65, pos);
      if (end < 0) fail('unterminated integer');
      return integer(end);
    }
    if (c === 0x6c || c === 0x64) {
      pos++;
      const list = c === 0x6c ? [] : null;
      const dict = c === 0x64 ? {} : null;
      while (buf[pos] !== 0x65) {
        if (list) list.push(value(depth + 1));
        else {
          const key = value(depth + 1);
          if (!Buffer.isBuffer(key)) fail('dictionary key is not a string');
          dict[key.toString('latin1')] = value(depth + 1);
        }
      }
      pos++;
      return list ?? dict;
    }
    if (c >= 0x30 && c <= 0x39) {
      const colon = buf.indexOf(0x3a, pos);
      if (colon < 0) fail('string without length');
      const length = integer(colon);
      if (length < 0 || pos + length > buf.length) fail('string runs past the end');
      pos += length;
      return buf.subarray(pos - length, pos);
    }
    return fail(`unexpected byte 0x${c.toString(16)}`);
  };
  const result = value(0);
  if (pos !== buf.length) fail('trailing bytes');
  return result;
}

/** Every byte as %XX: what a client sends for a binary info_hash or peer_id. */
export function percentEncode(bytes) {
  return Array.from(bytes, (b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
}

/** The URL with the query appended after '?' or, when it has one already, after '&'. */
export function withQuery(url, query) {
  return `${url}${url.includes('?') ? '&' : '?'}${query}`;
}

/** BEP 48: the scrape URL is the announce URL with its last "announce" path segment renamed. */
export function scrapeUrlOf(announceUrl) {
  const u = new URL(announceUrl);
  const at = u.pathname.lastIndexOf('/announce');
  if (at < 0) throw new Error(`no /announce segment in ${announceUrl}`);
  u.pathname = `${u.pathname.slice(0, at)}/scrape${u.pathname.slice(at + '/announce'.length)}`;
  return u.href.replace(/%7Bpasskey%7D/gi, '{passkey}');
}

/** Loopback only: the check must never talk to another machine. */
export function isLoopbackUrl(url) {
  const host = new URL(url).hostname;
  return host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

export function announceQuery({ infoHash, peerId, port, left, event }) {
  return (
    `info_hash=${percentEncode(infoHash)}&peer_id=${percentEncode(peerId)}&port=${port}` +
    `&uploaded=0&downloaded=0&left=${left}&corrupt=0&key=${port.toString(16)}` +
    `${event ? `&event=${event}` : ''}&numwant=50&compact=1&no_peer_id=1`
  );
}

/** "a.b.c.d:port" for each 6-byte entry of a compact peer list. */
export function compactPeers(buf) {
  const peers = [];
  for (let at = 0; at + 6 <= buf.length; at += 6)
    peers.push(`${buf[at]}.${buf[at + 1]}.${buf[at + 2]}.${buf[at + 3]}:${buf.readUInt16BE(at + 4)}`);
  return peers;
}

function decoded(status, body) {
  if (status !== 200) return { problem: `HTTP ${status}` };
  try {
    const dict = decodeBencode(body);
    if (dict === null || typeof dict !== 'object' || Array.isArray(dict) || Buffer.isBuffer(dict))
      return { problem: 'the body is not a dictionary' };
    if (dict['failure reason']) return { problem: `failure reason: ${dict['failure reason'].toString()}` };
    return { dict };
  } catch (err) {
    return { problem: err.message };
  }
}

/** An announce answer: a dictionary with interval, complete, incomplete and compact peers. */
export function judgeAnnounce(status, body) {
  const { dict, problem } = decoded(status, body);
  if (problem) return { ok: false, detail: problem };
  const missing = ['interval', 'complete', 'incomplete'].filter((k) => !Number.isInteger(dict[k]));
  if (missing.length) return { ok: false, detail: `no integer ${missing.join(', ')}` };
  if (!Buffer.isBuffer(dict.peers) || dict.peers.length % 6 !== 0)
    return { ok: false, detail: 'peers is not a compact list of 6-byte entries' };
  return { ok: true, dict, detail: `complete=${dict.complete} incomplete=${dict.incomplete}` };
}

/**
 * A scrape answer: "files" maps each 20-byte info_hash asked for to its counts.
 * Returns the counts by hex info_hash.
 */
export function judgeScrape(status, body, hashes) {
  const { dict, problem } = decoded(status, body);
  if (problem) return { ok: false, detail: problem };
  const files = dict.files;
  if (!files || typeof files !== 'object' || Buffer.isBuffer(files) || Array.isArray(files))
    return { ok: false, detail: 'no files dictionary' };
  const counts = {};
  for (const [key, entry] of Object.entries(files)) {
    const raw = Buffer.from(key, 'latin1');
    if (raw.length !== 20) return { ok: false, detail: `a files key of ${raw.length} bytes, not 20` };
    if (!Number.isInteger(entry?.complete) || !Number.isInteger(entry?.incomplete))
      return { ok: false, detail: 'an entry without integer complete/incomplete' };
    counts[raw.toString('hex')] = { complete: entry.complete, incomplete: entry.incomplete };
  }
  const unknown = Object.keys(counts).filter((h) => !hashes.some((x) => x.toString('hex') === h));
  if (unknown.length) return { ok: false, detail: `an entry for a hash not asked for: ${unknown[0]}` };
  return { ok: true, counts, detail: `${Object.keys(counts).length} of ${hashes.length} entries` };
}
