// Whether a URL is covered by one of an app's verified properties (docs/tiktok-api.md §7.2): a URL
// prefix covers URLs that start with it exactly; a bare domain covers itself and its subdomains,
// https only. Checked before a PULL_FROM_URL init so a wrong media URL is reported by tokpost with
// the fix, not by TikTok as url_ownership_unverified.
export function isUnderVerifiedPrefix(url: string, prefixes: readonly string[]): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  return prefixes.some((prefix) => {
    if (/^https?:\/\//i.test(prefix)) {
      const p = URL.canParse(prefix) ? new URL(prefix).href : prefix;
      return u.href.startsWith(p);
    }
    if (u.protocol !== 'https:') return false;
    const domain = prefix.toLowerCase().replace(/^\.+/, '');
    return u.hostname === domain || u.hostname.endsWith(`.${domain}`);
  });
}
