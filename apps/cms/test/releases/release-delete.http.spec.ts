import { beforeAll, expect, it } from '@jest/globals';
import { Comment } from '../../src/comments/comment.entity.js';
import { Release } from '../../src/releases/release.entity.js';
import { Snatch } from '../../src/torrents/snatch.entity.js';
import { Torrent } from '../../src/torrents/torrent.entity.js';
import { describeEachDatabase, type HttpClient, registerAndLogin, useTestApp } from '../support/index.js';
import { category, fixture, releaseIdOf, upload } from './upload-helpers.js';

/**
 * Deleting a release deletes only the release row: the foreign keys (ON DELETE CASCADE, from
 * the migrations on MariaDB and the entities on SQLite) take its torrent, the torrent's
 * snatches and the comments with it.
 */
describeEachDatabase('deleting a release', (database) => {
  const t = useTestApp({ database });
  let uploader: HttpClient;
  let id: number;

  beforeAll(async () => {
    uploader = t.client();
    const { user } = await registerAndLogin(uploader, { role: 'uploader' });
    const books = await category(t, 'Books');
    id = releaseIdOf(
      await upload(uploader, {
        title: 'Gone soon',
        category: books.id,
        torrent: fixture('single-v1.torrent'),
      }),
    );
    const comment = await uploader.postForm(
      `/releases/${id}/comments`,
      { body: 'first' },
      { csrfFrom: `/releases/${id}` },
    );
    expect(comment.status).toBe(303);
    const torrent = await t.dataSource.getRepository(Torrent).findOneByOrFail({ releaseId: id });
    await t.dataSource.getRepository(Snatch).insert({ userId: user.id, torrentId: torrent.id });
  }, 60_000);

  it('takes its torrent, the snatches and the comments with it', async () => {
    const torrent = await t.dataSource.getRepository(Torrent).findOneByOrFail({ releaseId: id });
    expect(await t.dataSource.getRepository(Comment).countBy({ releaseId: id })).toBe(1);
    const res = await uploader.postForm(`/releases/${id}/delete`, {}, { csrfFrom: `/releases/${id}` });
    expect(res.status).toBe(303);
    expect(await t.dataSource.getRepository(Release).countBy({ id })).toBe(0);
    expect(await t.dataSource.getRepository(Torrent).countBy({ releaseId: id })).toBe(0);
    expect(await t.dataSource.getRepository(Snatch).countBy({ torrentId: torrent.id })).toBe(0);
    expect(await t.dataSource.getRepository(Comment).countBy({ releaseId: id })).toBe(0);
  });
});
