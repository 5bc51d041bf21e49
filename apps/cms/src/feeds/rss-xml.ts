export interface RssChannel {
  title: string;
  link: string;
  description: string;
}

export interface RssItem {
  title: string;
  link: string;
  guid: string;
  description: string;
  category: string;
  pubDate: Date | null;
  enclosureUrl: string;
  enclosureLength: number;
}

/** RSS 2.0 with one .torrent enclosure per item, the form torrent clients' RSS downloaders read. */
export function buildRss(channel: RssChannel, items: readonly RssItem[]): string {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0">',
    '<channel>',
    `<title>${xml(channel.title)}</title>`,
    `<link>${xml(channel.link)}</link>`,
    `<description>${xml(channel.description)}</description>`,
    ...items.map(itemXml),
    '</channel>',
    '</rss>',
  ];
  return `${lines.join('\n')}\n`;
}

function itemXml(item: RssItem): string {
  return [
    '<item>',
    `<title>${xml(item.title)}</title>`,
    `<link>${xml(item.link)}</link>`,
    `<guid isPermaLink="false">${xml(item.guid)}</guid>`,
    `<description>${xml(item.description)}</description>`,
    `<category>${xml(item.category)}</category>`,
    item.pubDate ? `<pubDate>${item.pubDate.toUTCString()}</pubDate>` : '',
    `<enclosure url="${xml(item.enclosureUrl)}" length="${Math.max(0, Math.trunc(item.enclosureLength))}" type="application/x-bittorrent"/>`,
    '</item>',
  ]
    .filter(Boolean)
    .join('');
}

/** Escapes text for XML and drops characters XML 1.0 cannot carry at all. */
export function xml(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
  );
}
