import { beforeAll, expect, it } from '@jest/globals';
import { CategoriesService } from '../../src/categories/categories.service.js';
import { describeEachDatabase, type HttpClient, registerAndLogin, useTestApp } from '../support/index.js';
import { category, fixture, releaseForm, releaseIdOf, upload } from './upload-helpers.js';

/**
 * The lists are cached for a few seconds (docs/adr/0009-site-read-path.md); a change made
 * through this site must still show on the very next view. Each step first views the lists,
 * so the pages it then checks were cached before the change.
 */
describeEachDatabase('cached lists follow changes at once', (database) => {
  const t = useTestApp({ database });
  let uploader: HttpClient;
  let visitor: HttpClient;
  let id: number;
  const lists = ['/', '/categories/gardening', '/browse?q=marigold', '/browse?sort=seeders'];

  const shown = async (text: string): Promise<boolean[]> =>
    Promise.all(lists.map(async (path) => (await visitor.get(path)).text.includes(text)));

  beforeAll(async () => {
    uploader = t.client();
    await registerAndLogin(uploader, { role: 'uploader' });
    visitor = t.client();
    await registerAndLogin(visitor);
    const gardening = await category(t, 'Gardening');
    id = releaseIdOf(
      await upload(uploader, {
        title: 'Marigold seeds',
        category: gardening.id,
        publish: false,
        torrent: fixture('single-v1.torrent'),
      }),
    );
  }, 60_000);

  const post = (action: string) =>
    uploader.postForm(`/releases/${id}/${action}`, {}, { csrfFrom: `/releases/${id}` });

  it('shows a release on every list as soon as it is published', async () => {
    expect(await shown('Marigold seeds')).toEqual([false, false, false, false]);
    expect((await post('publish')).status).toBe(303);
    expect(await shown('Marigold seeds')).toEqual([true, true, true, true]);
  });

  it('shows an edited title at once', async () => {
    expect(await shown('Marigold seeds')).toEqual([true, true, true, true]);
    const form = releaseForm({
      title: 'Marigold seeds, second harvest',
      category: (await category(t, 'Gardening')).id,
    });
    const res = await uploader.postMultipart(`/releases/${id}/edit`, form, {
      csrfFrom: `/releases/${id}/edit`,
    });
    expect(res.status).toBe(303);
    expect(await shown('second harvest')).toEqual([true, true, true, true]);
  });

  it('shows a renamed category at once', async () => {
    const service = t.app.get(CategoriesService);
    const gardening = await category(t, 'Gardening');
    const before = (await visitor.get('/browse?q=marigold')).text;
    expect(before).toContain('second harvest');
    expect(before).toContain('href="/categories/gardening"');
    await service.rename(gardening.id, 'Horticulture');
    // Neither the navigation nor the cached row may still link to the old slug.
    const renamed = (await visitor.get('/browse?q=marigold')).text;
    expect(renamed).not.toContain('href="/categories/gardening"');
    expect(renamed).toContain('href="/categories/horticulture"');
    await service.rename(gardening.id, 'Gardening');
  });

  it('takes a release off every list as soon as it is unpublished', async () => {
    expect(await shown('second harvest')).toEqual([true, true, true, true]);
    expect((await post('unpublish')).status).toBe(303);
    expect(await shown('second harvest')).toEqual([false, false, false, false]);
  });

  it('takes a deleted release off every list at once', async () => {
    expect((await post('publish')).status).toBe(303);
    expect(await shown('second harvest')).toEqual([true, true, true, true]);
    expect((await post('delete')).status).toBe(303);
    expect(await shown('second harvest')).toEqual([false, false, false, false]);
    expect((await visitor.get(`/releases/${id}`)).status).toBe(404);
  });
});
