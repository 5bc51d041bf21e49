// node --test tools/bench/announce/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  announceQuery,
  compactPeers,
  decodeBencode,
  isLoopbackUrl,
  judgeAnnounce,
  judgeScrape,
  percentEncode,
  scrapeUrlOf,
  withQuery,
} from './check-model.js';

const b = (s) => Buffer.from(s, 'latin1');
const hash = Buffer.alloc(20, 0xab);
const other = Buffer.alloc(20, 0x01);

test('decodeBencode reads integers, strings, lists and dictionaries, strings as bytes', () => {
  const v = decodeBencode(b('d4:listli-3ei0ee3:num i42e3:str3:\xff\x00ae'.replace(' ', '')));
  assert.deepEqual(v.list, [-3, 0]);
  assert.equal(v.num, 42);
  assert.deepEqual(v.str, Buffer.from([0xff, 0x00, 0x61]));
});

test('decodeBencode refuses malformed input instead of guessing', () => {
  for (const bad of [
    'i01e',
    'i-0e',
    'ie',
    '5:abc',
    'd3:keyi1e',
    'di1ei2ee',
    'i1ei2e',
    'x',
    '',
    'l'.repeat(100),
  ])
    assert.throws(() => decodeBencode(b(bad)), /bencode/, bad);
});

test('percentEncode writes every byte as %XX', () => {
  assert.equal(percentEncode(Buffer.from([0, 0x2f, 0xff])), '%00%2F%FF');
});

test('withQuery appends after ? or, when the URL has a query already, after &', () => {
  assert.equal(withQuery('http://127.0.0.1:1/announce', 'a=1'), 'http://127.0.0.1:1/announce?a=1');
  assert.equal(
    withQuery('http://127.0.0.1:1/announce?passkey=k', 'a=1'),
    'http://127.0.0.1:1/announce?passkey=k&a=1',
  );
});

test('scrapeUrlOf renames the last announce segment and keeps the rest (BEP 48)', () => {
  assert.equal(scrapeUrlOf('http://127.0.0.1:6969/announce'), 'http://127.0.0.1:6969/scrape');
  assert.equal(scrapeUrlOf('http://127.0.0.1:1/announce?passkey=k'), 'http://127.0.0.1:1/scrape?passkey=k');
  assert.equal(scrapeUrlOf('http://127.0.0.1:1/k/announce.php'), 'http://127.0.0.1:1/k/scrape.php');
  assert.throws(() => scrapeUrlOf('http://127.0.0.1:1/track'), /no \/announce/);
});

test('isLoopbackUrl accepts loopback hosts only', () => {
  for (const ok of ['http://127.0.0.1:1/a', 'http://127.1.2.3/a', 'http://localhost:1/a', 'http://[::1]:1/a'])
    assert.equal(isLoopbackUrl(ok), true, ok);
  for (const no of [
    'http://10.0.0.1/a',
    'http://example.com/a',
    'http://[::2]/a',
    'http://127.0.0.1.example.com/a',
  ])
    assert.equal(isLoopbackUrl(no), false, no);
});

test('announceQuery carries the binary fields percent-encoded and the event only when given', () => {
  const q = announceQuery({ infoHash: hash, peerId: other, port: 64001, left: 0, event: 'started' });
  assert.match(q, /^info_hash=(%AB){20}&peer_id=(%01){20}&port=64001&/);
  assert.match(q, /&left=0&/);
  assert.match(q, /&event=started&numwant=50&compact=1/);
  assert.doesNotMatch(announceQuery({ infoHash: hash, peerId: other, port: 1, left: 1, event: '' }), /event/);
});

test('compactPeers reads 6-byte entries', () => {
  assert.deepEqual(compactPeers(Buffer.from([127, 0, 0, 1, 0xfa, 0x01, 10, 1, 2, 3, 0, 80])), [
    '127.0.0.1:64001',
    '10.1.2.3:80',
  ]);
});

test('judgeAnnounce accepts a dictionary with interval, counts and compact peers', () => {
  const r = judgeAnnounce(
    200,
    b('d8:completei1e10:incompletei4e8:intervali1800e5:peers6:\x7f\x00\x00\x01\xfa\x01e'),
  );
  assert.equal(r.ok, true);
  assert.equal(r.dict.incomplete, 4);
});

test('judgeAnnounce names what is wrong with a bad answer', () => {
  assert.match(judgeAnnounce(500, b('oops')).detail, /HTTP 500/);
  assert.match(judgeAnnounce(200, b('d14:failure reason7:unknowne')).detail, /failure reason: unknown/);
  assert.match(judgeAnnounce(200, b('d8:intervali1ee')).detail, /no integer complete, incomplete/);
  assert.match(
    judgeAnnounce(200, b('d8:completei0e10:incompletei0e8:intervali1e5:peers5:abcdee')).detail,
    /compact/,
  );
  assert.match(judgeAnnounce(200, b('li1ee')).detail, /not a dictionary/);
  assert.match(judgeAnnounce(200, b('d8:intervali1e')).detail, /bencode/);
});

test('judgeScrape returns the counts by hex info_hash', () => {
  const body = Buffer.concat([
    b('d5:filesd20:'),
    hash,
    b('d8:completei2e10:downloadedi0e10:incompletei3eeee'),
  ]);
  const r = judgeScrape(200, body, [hash, other]);
  assert.equal(r.ok, true);
  assert.deepEqual(r.counts[hash.toString('hex')], { complete: 2, incomplete: 3 });
  assert.equal(r.detail, '1 of 2 entries');
});

test('judgeScrape refuses keys that are not the 20 raw bytes asked for', () => {
  // The mistake of a tracker that decodes the binary info_hash as UTF-8 and encodes it again.
  const mangled = Buffer.from(hash.toString('utf8'), 'utf8');
  const body = Buffer.concat([
    b(`d5:filesd${mangled.length}:`),
    mangled,
    b('d8:completei0e10:incompletei0eeee'),
  ]);
  assert.match(judgeScrape(200, body, [hash]).detail, /key of 60 bytes, not 20/);
  const stranger = Buffer.concat([b('d5:filesd20:'), other, b('d8:completei0e10:incompletei0eeee')]);
  assert.match(judgeScrape(200, stranger, [hash]).detail, /not asked for/);
  assert.match(judgeScrape(200, b('d5:filesi0ee'), [hash]).detail, /no files dictionary/);
});
