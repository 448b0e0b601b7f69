// End to end, in the browser: sign in with an API key, connect a creator through the emulator's
// consent page, then compose a video by TikTok's rules (docs/web-ui.md §3), schedule it, and follow
// it to published with its link.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goodMp4 } from '../../../../test/support/fixtures.js';
import { expectText, screenshots, seriousViolations, startE2e, type E2e } from './support/e2e-harness.js';

let e: E2e;
beforeAll(async () => {
  e = await startE2e({ signIn: false });
});
afterAll(async () => {
  await e?.close();
});

/** "2026-12-04T10:00" for the browser's datetime-local field, in the context's zone (Europe/Paris). */
function parisInput(ms: number): string {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  return `${parts['year']}-${parts['month']}-${parts['day']}T${parts['hour']}:${parts['minute']}`;
}

describe('sign in and connect', () => {
  it('signs in with an API key and connects a creator through the emulator’s consent page', async () => {
    const { page } = e;
    await e.createCreator('alice', { nickname: 'Alice Martin', duet_disabled: true, stitch_disabled: true });
    await page.goto(e.url);
    await page.getByRole('heading', { name: 'Sign in to tokpost' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, 'sign-in');

    await page.getByLabel('API key').fill('tp_not_a_real_key');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expectText(page.getByRole('alert'), 'This API key is not valid');
    await page.getByLabel('API key').fill(e.key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Accounts' }).waitFor();
    await page.getByText('No TikTok account is connected yet.').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, 'accounts-empty');

    // Two apps are registered, so the UI asks which one; the default app is the audited one.
    await page.getByRole('button', { name: 'Connect a TikTok account' }).click();
    await page.waitForURL((u) => u.pathname === '/v2/auth/authorize/');
    await page.getByLabel('Alice Martin (@alice)').check();
    await page.getByRole('button', { name: 'Authorize' }).click();
    await page.waitForURL((u) => u.pathname === '/api/oauth/tiktok/callback');
    expect(await page.locator('body').getAttribute('data-outcome')).toBe('connected');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, 'connect-callback');
    await page.getByRole('link', { name: 'Back to tokpost' }).click();

    const card = page.getByTestId('account-card');
    await card.getByRole('heading', { name: 'Alice Martin' }).waitFor();
    await expectText(card, '@alice');
    await card.getByText('Connected', { exact: true }).waitFor();
    await expectText(card, 'Posts in the last 24 h');
    await expectText(card, '0 of 15');
    await expectText(card, 'video.publish');
    expect(await card.getByText('This app is not audited').count()).toBe(0);
    await card.getByRole('button', { name: 'Doctor checklist' }).click();
    await card.getByText(/Checked /).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, 'accounts');
  });
});

describe('compose a video by TikTok’s rules', () => {
  it('has no default privacy, toggles off and greyed per creator, every disclosure rule and text, and schedules', async () => {
    const { page } = e;
    await page.getByTestId('account-card').getByRole('link', { name: 'Compose' }).click();
    await page.getByText('Posting to TikTok account:').waitFor();
    await expectText(page.getByTestId('creator-nickname'), 'Alice Martin');
    await expectText(page.getByLabel('Posting to'), '(@alice)');

    // Privacy: no default, publish disabled until chosen.
    const privacy = page.getByLabel('Privacy', { exact: true });
    expect(await privacy.inputValue()).toBe('');
    expect(await privacy.locator('option').allTextContents()).toEqual(['Choose who can see it', 'Everyone', 'Friends', 'Only me']);
    const publish = page.getByRole('button', { name: 'Publish' });
    expect(await publish.isDisabled()).toBe(true);
    await expectText(page.getByTestId('publish-reason'), 'Add a video or photos first.');

    // Interactions: all off; Duet and Stitch greyed with the creator's reason; Comment allowed.
    const comment = page.getByLabel('Allow Comment');
    const duet = page.getByLabel('Allow Duet');
    const stitch = page.getByLabel('Allow Stitch');
    expect([await comment.isChecked(), await duet.isChecked(), await stitch.isChecked()]).toEqual([false, false, false]);
    expect([await comment.isDisabled(), await duet.isDisabled(), await stitch.isDisabled()]).toEqual([false, true, true]);
    await page.getByText('The creator turned Duet off in TikTok (or the account is private).').waitFor();
    await page.getByText('The creator turned Stitch off in TikTok (or the account is private).').waitFor();

    // The video: uploaded with progress, previewed playable.
    await page.locator('#media-file').setInputFiles(await goodMp4({ seconds: 4 }));
    await page.getByTestId('video-preview').waitFor();
    await expectText(page.getByTestId('publish-reason'), 'Choose who can see this post.');
    expect(await publish.isDisabled()).toBe(true);
    expect(await page.getByTestId('video-preview').evaluate((v: HTMLVideoElement) => v.canPlayType('video/mp4') !== '' && v.controls)).toBe(true);

    // Consent line with nothing disclosed.
    const consent = page.getByTestId('consent-line');
    expect(await consent.textContent()).toBe("By posting, you agree to TikTok's Music Usage Confirmation.");

    // Disclosure on with nothing chosen: publish disabled with TikTok's hover text, first of all reasons.
    const disclosure = page.getByRole('switch', { name: 'Content Disclosure Setting' });
    expect(await disclosure.isChecked()).toBe(false);
    await disclosure.check();
    const yourBrand = page.getByLabel('Your brand');
    const branded = page.getByLabel('Branded content');
    expect([await yourBrand.isChecked(), await branded.isChecked()]).toEqual([false, false]);
    const hover = 'You need to indicate if your content promotes yourself, a third party, or both.';
    expect(await publish.isDisabled()).toBe(true);
    expect(await publish.getAttribute('title')).toBe(hover);
    await expectText(page.getByTestId('publish-reason'), hover);
    await privacy.selectOption({ label: 'Everyone' });
    expect(await publish.getAttribute('title')).toBe(hover);
    await screenshots(page, 'composer-disclosure-incomplete');

    // Your brand: Promotional content, the music consent only.
    await yourBrand.check();
    await expectText(page.getByTestId('disclosure-label'), "Your video will be labeled as 'Promotional content'");
    expect(await consent.textContent()).toBe("By posting, you agree to TikTok's Music Usage Confirmation.");
    expect(await publish.isDisabled()).toBe(false);

    // Branded content too: Paid partnership, the Branded Content Policy, and "Only me" excluded.
    await branded.check();
    await expectText(page.getByTestId('disclosure-label'), "Your video will be labeled as 'Paid partnership'");
    expect(await consent.textContent()).toBe("By posting, you agree to TikTok's Branded Content Policy and Music Usage Confirmation.");
    expect(await consent.getByRole('link').allTextContents()).toEqual(['Branded Content Policy', 'Music Usage Confirmation']);
    const onlyMe = privacy.locator('option', { hasText: 'Only me' });
    expect(await onlyMe.isDisabled()).toBe(true);
    expect(await onlyMe.getAttribute('title')).toBe('Branded content visibility cannot be set to private.');
    await yourBrand.uncheck();
    await expectText(page.getByTestId('disclosure-label'), "Your video will be labeled as 'Paid partnership'");
    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, 'composer-branded');

    // "Only me" chosen: Branded content disabled, with the same reason.
    await branded.uncheck();
    expect(await onlyMe.isDisabled()).toBe(false);
    await privacy.selectOption({ label: 'Only me' });
    expect(await branded.isDisabled()).toBe(true);
    await page.getByText('Branded content visibility cannot be set to private.').first().waitFor();
    expect(await publish.getAttribute('title')).toBe(hover);
    await yourBrand.check();
    await expectText(page.getByTestId('disclosure-label'), "Your video will be labeled as 'Promotional content'");

    // Back to a public post, labelled as promotional, comments allowed; scheduled for tomorrow 10:00.
    await privacy.selectOption({ label: 'Everyone' });
    await comment.check();
    await page.getByLabel('Caption').fill('Launch day #tokpost');
    await page.getByLabel('At a time').check();
    const tomorrow = parisInput(Date.now() + 86_400_000).slice(0, 10);
    await page.getByLabel(/^Date and time/).fill(`${tomorrow}T10:00`);
    await expectText(page.getByLabel(/^Date and time/).locator('xpath=..'), 'Europe/Paris');
    const schedule = page.getByRole('button', { name: 'Schedule' });
    expect(await schedule.isDisabled()).toBe(false);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, 'composer-video');
    await schedule.click();

    await page.getByRole('heading', { name: /^Scheduled for / }).waitFor();
    await page.getByText('After publishing, it may take a few minutes for your post to be processed and appear on your profile.').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, 'composer-scheduled');

    const { posts } = await e.api<{ posts: Array<{ id: string; privacyLevel: string; allowComment: boolean; allowDuet: boolean; allowStitch: boolean; brandOrganic: boolean; brandContent: boolean; scheduledAt: string | number }> }>('GET', '/api/posts');
    expect(posts).toHaveLength(1);
    expect(posts[0]).toMatchObject({ privacyLevel: 'PUBLIC_TO_EVERYONE', allowComment: true, allowDuet: false, allowStitch: false, brandOrganic: true, brandContent: false });
  });

  it('shows the post in the queue, then follows it to published with its link once moved to now', async () => {
    const { page } = e;
    await page.getByRole('link', { name: 'Queue' }).first().click();
    await page.getByRole('heading', { name: 'Queue' }).waitFor();
    // The post is tomorrow: in next week's view on a Sunday, in next month's on a month's last day.
    const today = parisInput(Date.now());
    const tomorrow = parisInput(Date.now() + 86_400_000);
    if (new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', weekday: 'long' }).format(new Date()) === 'Sunday') await page.getByRole('button', { name: 'Next week' }).click();
    await page.getByText('Launch day #tokpost').first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, 'queue-week');
    await page.getByRole('button', { name: 'Month' }).click();
    await page.getByRole('button', { name: 'Today' }).click();
    if (today.slice(0, 7) !== tomorrow.slice(0, 7)) await page.getByRole('button', { name: 'Next month' }).click();
    await page.getByText('Launch day #tokpost').first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, 'queue-month');

    await page.getByText('Launch day #tokpost').first().click();
    await page.getByRole('heading', { name: 'Launch day #tokpost' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, 'post-scheduled');
    // This minute has begun already: the post goes out at once.
    await page.getByLabel(/^New time/).fill(parisInput(Date.now()));
    await page.getByRole('button', { name: /Reschedule|Move/ }).click();
    const link = page.getByTestId('live-link');
    await link.waitFor({ timeout: 45_000 });
    expect(await link.getAttribute('href')).toMatch(/^https:\/\/www\.tiktok\.com\/@alice\/video\/\d+/);
    await expectText(page.locator('.page-head'), 'Published');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, 'post-published');
  }, 90_000);
});
