// End to end, in the browser: an account the creator revoked in TikTok (the emulator) shows
// "reconnect" with the posts it holds, and reconnecting through the consent page releases them; an
// unaudited app's account warns that posts are private-only, on the accounts page and in the
// composer before posting; the settings page and the composer's account picker.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goodMp4 } from '../../../../test/support/fixtures.js';
import { APP_KEY, expectText, screenshots, seriousViolations, startE2e, type E2e } from './support/e2e-harness.js';

let e: E2e;
beforeAll(async () => {
  e = await startE2e();
});
afterAll(async () => {
  await e?.close();
});

interface PostView {
  id: string;
  state: string;
  stateReason: string | null;
}

describe('an account revoked in TikTok', () => {
  it('shows reconnect with its held posts, and reconnecting through the consent page releases them', async () => {
    const account = await e.connectAccount('dave', { extra: { nickname: 'Dave Revoked' } });
    const mediaId = await e.uploadMedia(await goodMp4({ seconds: 4 }));
    const tomorrow = Date.now() + 86_400_000;
    const created = await Promise.all(
      ['Morning clip', 'Evening clip'].map((title, i) =>
        e.api<{ post: PostView }>('POST', '/api/posts', { accountId: account.id, mediaIds: [mediaId], title, mode: 'direct', privacyLevel: 'SELF_ONLY', allowComment: false, allowDuet: false, allowStitch: false, disclosure: { yourBrand: false, brandedContent: false }, aiGenerated: false, scheduledAt: new Date(tomorrow + i * 3_600_000).toISOString() }),
      ),
    );
    const { page } = e;
    await e.goto('accounts');
    const card = page.getByTestId('account-card').filter({ hasText: '@dave' });
    await card.getByText('Connected', { exact: true }).waitFor();

    // The creator removes the app in TikTok: TikTok's authorization.removed webhook reaches tokpost.
    await e.emu.admin.revoke(account.openId, { client_key: APP_KEY });
    const reconnect = card.getByRole('button', { name: 'Reconnect @dave' });
    await reconnect.waitFor();
    await expectText(card, 'Needs reconnecting');
    await expectText(card, 'Reconnecting releases these 2 held posts:');
    const held = card.getByRole('list', { name: 'Held posts' });
    expect(await held.getByRole('link').allTextContents()).toEqual(['Morning clip', 'Evening clip']);
    expect(await card.getByRole('link', { name: 'Compose' }).getAttribute('aria-disabled')).toBe('true');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, 'accounts-needs-reconnect');

    // The held post explains itself.
    await held.getByRole('link', { name: 'Morning clip' }).click();
    await page.getByRole('heading', { name: 'Morning clip' }).waitFor();
    await expectText(page.locator('.page-head'), 'Needs action');
    await expectText(page.getByTestId('diagnosis'), 'The TikTok account must be connected again before its posts can go out');
    await expectText(page.getByTestId('diagnosis'), 'Details: TikTok says access was removed: user disconnected the app in TikTok (reason 1).');
    expect(await page.getByRole('button', { name: 'Retry' }).count()).toBe(0);
    await page.getByRole('link', { name: 'Reconnect the account' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, 'post-held');

    // Reconnect: the consent page, approve, back to tokpost.
    await e.goto('accounts');
    await card.getByRole('button', { name: 'Reconnect @dave' }).click();
    await page.waitForURL((u) => u.pathname === '/v2/auth/authorize/');
    await page.getByLabel('Dave Revoked (@dave)').check();
    await page.getByRole('button', { name: 'Authorize' }).click();
    await page.waitForURL((u) => u.pathname === '/api/oauth/tiktok/callback');
    expect(await page.locator('body').getAttribute('data-outcome')).toBe('connected');
    await page.getByRole('link', { name: 'Back to tokpost' }).click();
    await card.getByText('Connected', { exact: true }).waitFor();
    await card.getByRole('button', { name: 'Reconnect @dave' }).waitFor({ state: 'detached' });
    expect(await card.getByRole('list', { name: 'Held posts' }).count()).toBe(0);

    const states = await Promise.all(created.map(({ post }) => e.api<{ post: PostView }>('GET', `/api/posts/${post.id}`).then((r) => r.post.state)));
    expect(states).toEqual(['scheduled', 'scheduled']);
  }, 60_000);
});

describe('an unaudited app', () => {
  it('warns that posts are visible only to the creator, on the account and in the composer before posting', async () => {
    await e.connectAccount('erin', { unaudited: true, extra: { nickname: 'Erin Private', is_private: true } });
    const { page } = e;
    await e.goto('accounts');
    const card = page.getByTestId('account-card').filter({ hasText: '@erin' });
    await expectText(card.getByRole('note'), 'This app is not audited: posts will be visible only to the creator.');

    await card.getByRole('link', { name: 'Compose' }).click();
    await page.getByText('Posting to TikTok account:').waitFor();
    await expectText(page.getByTestId('audit-warning'), 'This app is not audited: posts will be visible only to the creator.');
    const privacy = page.getByLabel('Privacy', { exact: true });
    expect(await privacy.inputValue()).toBe('');
    const enabled = await privacy.locator('option:not([disabled])').allTextContents();
    expect(enabled).toEqual(['Only me']);
    await page.getByText('This app is not audited yet: TikTok accepts only "Only me" posts from it.').first().waitFor();
    await page.locator('#media-file').setInputFiles(await goodMp4({ seconds: 4 }));
    await page.getByTestId('video-preview').waitFor();
    await privacy.selectOption({ label: 'Only me' });
    await page.getByRole('switch', { name: 'Content Disclosure Setting' }).check();
    expect(await page.getByLabel('Branded content').isDisabled()).toBe(true);
    await page.getByRole('switch', { name: 'Content Disclosure Setting' }).uncheck();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, 'composer-unaudited');
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByText('After publishing, it may take a few minutes for your post to be processed and appear on your profile.').waitFor();
  }, 60_000);
});

describe('the other pages', () => {
  it('the composer’s account picker and the settings page pass axe and are captured', async () => {
    const { page } = e;
    await e.goto('compose');
    await page.getByLabel('Post to which account?').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, 'compose-choose-account');

    await e.goto('settings');
    await page.getByRole('heading', { name: 'TikTok apps' }).waitFor();
    await page.getByRole('heading', { name: 'API keys' }).waitFor();
    await page.getByText('web e2e').first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, 'settings');
  });

  it('the dark theme (following the system) passes axe on the accounts, queue and settings pages', async () => {
    const { page } = e;
    await page.emulateMedia({ colorScheme: 'dark' });
    try {
      for (const [route, heading, shown] of [['accounts', 'Accounts', 'Dave Revoked'], ['queue', 'Queue', 'Drag a post to another day'], ['settings', 'Settings', 'web e2e']] as const) {
        await e.goto(route);
        await page.getByRole('heading', { name: heading, exact: true }).waitFor();
        await page.getByText(shown).first().waitFor();
        expect(await seriousViolations(page)).toEqual([]);
        await screenshots(page, `${route}-dark`);
      }
    } finally {
      await page.emulateMedia({ colorScheme: 'light' });
    }
  });
});
