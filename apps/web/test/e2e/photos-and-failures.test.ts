// End to end, in the browser: a photo carousel (only Allow Comment, reorder, cover, published with
// its link) and a post TikTok's moderation rejects, explained on its page with the fix.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goodMp4 } from '../../../../test/support/fixtures.js';
import { expectText, photoFixture, screenshots, seriousViolations, startE2e, type E2e } from './support/e2e-harness.js';

let e: E2e;
beforeAll(async () => {
  e = await startE2e();
});
afterAll(async () => {
  await e?.close();
});

describe('a photo carousel', () => {
  it('offers only Allow Comment, names photos in the labels, reorders with a cover and publishes', async () => {
    const account = await e.connectAccount('bob', { extra: { nickname: 'Bob Photos' } });
    const { page } = e;
    await e.goto(`compose?account=${account.id}`);
    await page.getByText('Posting to TikTok account:').waitFor();
    const photos = await Promise.all(['red', 'green', 'blue'].map((c) => photoFixture(c)));
    await page.locator('#media-file').setInputFiles(photos);
    await expect.poll(() => page.getByTestId('photo-preview').count()).toBe(3);
    await expectText(page.getByTestId('publish-reason'), 'Choose who can see this post.');

    // Photos: no Duet, no Stitch; Allow Comment off; recommended music off.
    expect(await page.getByLabel('Allow Duet').count()).toBe(0);
    expect(await page.getByLabel('Allow Stitch').count()).toBe(0);
    expect(await page.getByLabel('Allow Comment').isChecked()).toBe(false);
    expect(await page.getByLabel('Add recommended music').isChecked()).toBe(false);

    // The disclosure labels name the photo.
    await page.getByRole('switch', { name: 'Content Disclosure Setting' }).check();
    await page.getByLabel('Your brand').check();
    await expectText(page.getByTestId('disclosure-label'), "Your photo will be labeled as 'Promotional content'");
    await page.getByLabel('Branded content').check();
    await expectText(page.getByTestId('disclosure-label'), "Your photo will be labeled as 'Paid partnership'");
    await page.getByLabel('Branded content').uncheck();

    // Reorder: the red photo moves last; the (now first) green one is not the cover, blue is.
    await page.getByRole('button', { name: 'Move photo 1 later' }).click();
    await page.getByRole('button', { name: 'Move photo 2 later' }).click();
    expect(await page.getByTestId('photo-preview').evaluateAll((imgs) => imgs.map((i) => i.getAttribute('alt')))).toEqual([
      expect.stringMatching(/^Photo 1: .*photo-green/),
      expect.stringMatching(/^Photo 2: .*photo-blue/),
      expect.stringMatching(/^Photo 3: .*photo-red/),
    ]);
    await page.getByRole('radio', { name: 'Cover' }).nth(1).check();

    await page.getByLabel('Title').fill('Three colours');
    await page.getByLabel('Description').fill('A carousel from tokpost');
    await page.getByLabel('Privacy', { exact: true }).selectOption({ label: 'Everyone' });
    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, 'composer-photos');
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByText('After publishing, it may take a few minutes for your post to be processed and appear on your profile.').waitFor();

    const { posts } = await e.api<{ posts: Array<{ id: string; kind: string; photoCoverIndex: number; mediaIds: string[] }> }>('GET', `/api/posts?accountId=${account.id}`);
    expect(posts).toHaveLength(1);
    expect(posts[0]).toMatchObject({ kind: 'photo', photoCoverIndex: 1 });
    expect(posts[0]!.mediaIds).toHaveLength(3);

    await page.getByRole('link', { name: 'Follow this post' }).click();
    await page.getByRole('heading', { name: 'Three colours' }).waitFor();
    const link = page.getByTestId('live-link');
    await link.waitFor({ timeout: 45_000 });
    expect(await link.getAttribute('href')).toMatch(/^https:\/\/www\.tiktok\.com\/@bob\/photo\/\d+/);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, 'post-photos-published');
  }, 90_000);
});

describe('a post TikTok’s moderation rejects', () => {
  it('shows the diagnosis in plain words, TikTok’s code and the fix', async () => {
    const account = await e.connectAccount('carol', { extra: { nickname: 'Carol Risky' } });
    // The creator's next post is taken down by moderation (spam_risk).
    await e.emu.admin.updateCreator(account.openId, { moderation: 'spam_risk' });
    const { page } = e;
    await e.goto(`compose?account=${account.id}`);
    await page.getByText('Posting to TikTok account:').waitFor();
    await page.locator('#media-file').setInputFiles(await goodMp4({ seconds: 4 }));
    await page.getByTestId('video-preview').waitFor();
    await page.getByLabel('Caption').fill('Totally fine video');
    await page.getByLabel('Privacy', { exact: true }).selectOption({ label: 'Everyone' });
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByRole('link', { name: 'Follow this post' }).click();
    await page.getByRole('heading', { name: 'Totally fine video' }).waitFor();

    const diagnosis = page.getByTestId('diagnosis');
    await diagnosis.waitFor({ timeout: 45_000 });
    await expectText(page.locator('.page-head'), 'Failed');
    await expectText(diagnosis, 'TikTok’s moderation judged the post risky and did not publish it.');
    await expectText(diagnosis, 'What to do: Review the post against TikTok’s community guidelines. Publishing the same content again is likely to fail again.');
    await expectText(diagnosis, 'spam_risk');
    await page.getByRole('heading', { name: 'Timeline' }).waitFor();
    await page.getByRole('heading', { name: 'Calls to TikTok' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, 'post-failed');
  }, 90_000);
});
