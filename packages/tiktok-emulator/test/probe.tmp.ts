import { startEmulator, connectCreator, post, PATHS, tokenRequest } from './harness.js';
const h = await startEmulator();
const t = await connectCreator(h);
const big = JSON.stringify({ x: 'a'.repeat(2 * 1024 * 1024) });
for (const p of [PATHS.videoInit, PATHS.creatorInfo]) {
  try { const r = await post(h, p, t.access_token, big); console.log(p, r.status, r.text.slice(0, 200)); } catch (e) { console.log(p, 'ERR', (e as Error).message, (e as any).cause?.code); }
}
try { const r = await fetch(`${h.url}/v2/oauth/token/`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=' + 'b'.repeat(2e6) }); console.log('token', r.status, await r.text()); } catch (e) { console.log('token ERR', (e as Error).message, (e as any).cause?.code); }
try { const r = await fetch(`${h.url}/v2/auth/authorize/`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=' + 'b'.repeat(2e6) }); console.log('authz', r.status, (await r.text()).slice(0,200)); } catch (e) { console.log('authz ERR', (e as Error).message, (e as any).cause?.code); }
try { const r = await fetch(`${h.url}/_emulator/apps`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ x: 'b'.repeat(2e6) }) }); console.log('admin', r.status, (await r.text()).slice(0,200)); } catch (e) { console.log('admin ERR', (e as Error).message, (e as any).cause?.code); }
const r2 = await post(h, PATHS.creatorInfo, t.access_token, {}); console.log('after', r2.status, r2.json.error.code);
const r3 = await fetch(`${h.url}/v2/oauth/token/`); console.log('get token', r3.status, await r3.text());
const r4 = await tokenRequest(h, { grant_type: 'client_credentials' }); console.log(r4.status, r4.text);
await h.close();
