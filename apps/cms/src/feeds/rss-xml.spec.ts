import { describe, expect, it } from '@jest/globals';
import { buildRss, xml } from './rss-xml.js';

describe('buildRss', () => {
  const item = {
    title: 'A & B <script>',
    link: 'http://site/releases/1',
    guid: 'release-1',
    description: 'desc "quoted"',
    category: 'Music',
    pubDate: new Date(Date.UTC(2026, 0, 2, 3, 4, 5)),
    enclosureUrl: 'http://site/rss/download/1?key=abc&x=1',
    enclosureLength: 300000,
  };

  it('writes an RSS 2.0 channel with escaped items and a torrent enclosure', () => {
    const out = buildRss({ title: 'Site', link: 'http://site/', description: 'Latest' }, [item]);
    expect(out.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0">')).toBe(true);
    expect(out).toContain('<title>A &amp; B &lt;script&gt;</title>');
    expect(out).toContain(
      '<enclosure url="http://site/rss/download/1?key=abc&amp;x=1" length="300000" type="application/x-bittorrent"/>',
    );
    expect(out).toContain('<pubDate>Fri, 02 Jan 2026 03:04:05 GMT</pubDate>');
    expect(out).not.toContain('<script>');
  });

  it('drops characters XML cannot carry', () => {
    expect(xml('a\u0000b\u001fc\td')).toBe('abc\td');
  });
});
