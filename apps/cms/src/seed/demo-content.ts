import { randomBytes } from 'node:crypto';
import { createTorrent } from '@tracker/core';

export interface DemoRelease {
  title: string;
  category: string;
  description: string;
  torrent: Buffer;
}

export const DEMO_CATEGORIES = ['Linux ISOs', 'Music', 'Software', 'Books'];

/**
 * A few releases over random payloads: real v1 torrents (pieces are the SHA-1 of each piece),
 * small enough to build at start-up in milliseconds. The payload is thrown away; the torrents
 * are there so a newcomer sees a living site and can try a download.
 */
export function demoReleases(): DemoRelease[] {
  return [
    {
      title: 'Demo Linux netinst 1.0',
      category: 'Linux ISOs',
      description: 'A **demo** installer image.\n\n- generated at first start\n- random payload',
      torrent: createTorrent({
        name: 'demo-netinst-1.0.iso',
        content: randomBytes(200_000),
        createdBy: 'tracker demo seed',
      }),
    },
    {
      title: 'Demo Band – Live at the Seed',
      category: 'Music',
      description: 'Three tracks recorded *live*. Lossless.',
      torrent: createTorrent({
        name: 'Demo Band - Live',
        content: [
          { path: ['01 - Opening.flac'], data: randomBytes(120_000) },
          { path: ['02 - Middle.flac'], data: randomBytes(90_000) },
          { path: ['cover', 'front.jpg'], data: randomBytes(20_000) },
        ],
        createdBy: 'tracker demo seed',
      }),
    },
    {
      title: 'Demo Tool 2.3 (source)',
      category: 'Software',
      description: 'Source tarball of a tool that does not exist.\n\n```\ntar xf demo-tool-2.3.tar.gz\n```',
      torrent: createTorrent({
        name: 'demo-tool-2.3.tar.gz',
        content: randomBytes(64_000),
        createdBy: 'tracker demo seed',
      }),
    },
    {
      title: 'The Demo Book',
      category: 'Books',
      description: 'An EPUB and a PDF of the same imaginary book.',
      torrent: createTorrent({
        name: 'The Demo Book',
        content: [
          { path: ['the-demo-book.epub'], data: randomBytes(50_000) },
          { path: ['the-demo-book.pdf'], data: randomBytes(80_000) },
        ],
        createdBy: 'tracker demo seed',
      }),
    },
  ];
}
