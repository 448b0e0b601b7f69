// The admin API under /_emulator/ (documented in the package README): set up apps and creators,
// script consent, move the clock and wait for the work it made due, inject faults, finish inbox
// drafts, add posts a creator made in the TikTok app, and read the ground truth — every post
// TikTok would show, every API request it received, and every emulator bug. Bad input answers 400/404; anything else a handler throws is a bug and
// reaches the router, which records it and answers 500.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { z } from 'zod';
import type { EmulatorContext } from '../context.js';
import { BodyTooLargeError, jsonResponse, readBody, type EmuRequest, type EmuResult } from '../http/types.js';
import {
  appInputSchema,
  clockInputSchema,
  consentInputSchema,
  creatorInputSchema,
  creatorPatchSchema,
  inboxCompleteSchema,
  postSeedSchema,
  revokeInputSchema,
} from '../admin-schemas.js';
import { faultRuleSchema } from '../engine/faults.js';
import { createCode, grantsOf } from '../engine/grants.js';
import { addAppPost, createdAtTaken } from '../engine/profile.js';
import type { PublishFlow } from '../engine/publish-flow.js';
import { streamBodyToFile } from './upload.js';
import { isRegisteredRedirect } from './authorize.js';

/** Bad admin input detected below the route (e.g. a settings patch): answered 400 with its message. */
export class AdminInputError extends Error {
  override name = 'AdminInputError';
}

export interface AdminOps {
  reset(): Promise<void>;
  /** Resolves once every background task in flight (and any a due timer starts) has finished. */
  idle(): Promise<void>;
  addApp(input: z.infer<typeof appInputSchema>): { client_key: string };
  addCreator(input: z.infer<typeof creatorInputSchema>): { open_id: string };
  /** Merges and validates; throws with a readable message on bad values. */
  updateSettings(input: unknown): Record<string, unknown>;
}

const bad = (message: string, status = 400) => jsonResponse(status, { error: message });

function parse<T extends z.ZodType>(schema: T, value: unknown): { ok: true; data: z.infer<T> } | { ok: false; result: EmuResult } {
  const r = schema.safeParse(value);
  if (r.success) return { ok: true, data: r.data };
  const issue = r.error.issues[0];
  const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
  return { ok: false, result: bad(`${where}${issue?.message ?? 'invalid input'}`) };
}

async function body(req: EmuRequest): Promise<unknown> {
  const text = await readBody(req);
  return text.trim() ? JSON.parse(text) : {};
}

export async function handleAdmin(ctx: EmulatorContext, req: EmuRequest, flow: PublishFlow, ops: AdminOps): Promise<EmuResult> {
  const path = req.url.pathname.replace(/^\/_emulator/, '').replace(/\/+$/, '') || '/';
  const m = req.method;
  if (path === '/sink' && m === 'PUT') {
    // Benchmark baseline: the upload route's disk path without TikTok's rules (see bench/).
    const file = join(ctx.dataDir, `sink-${ctx.ids.hex(6)}`);
    try {
      const bytes = await streamBodyToFile(req.body, file, 0, Number.MAX_SAFE_INTEGER);
      return jsonResponse(201, { bytes });
    } catch {
      // The sender went away mid-body: its problem, not the emulator's.
      return bad('The body ended early.');
    } finally {
      await rm(file, { force: true });
    }
  }
  let input: unknown = {};
  if (m === 'POST' || m === 'PATCH' || m === 'PUT') {
    try {
      input = await body(req);
    } catch (e) {
      return bad(e instanceof BodyTooLargeError ? 'The body is too large (1 MiB at most).' : 'The body must be JSON.');
    }
  }
  const seg = path.split('/').filter(Boolean);
  const idAt = (i: number) => {
    try {
      return decodeURIComponent(seg[i] ?? '');
    } catch {
      throw new AdminInputError(`The path segment "${seg[i]}" is not valid percent-encoding.`);
    }
  };
  try {
    if (path === '/reset' && m === 'POST') {
      await ops.reset();
      return jsonResponse(200, { ok: true });
    }
    if (path === '/apps' && m === 'POST') {
      const r = parse(appInputSchema, input);
      if (!r.ok) return r.result;
      return jsonResponse(200, ops.addApp(r.data));
    }
    if (path === '/apps' && m === 'GET') {
      // Secrets stay out of admin listings too.
      return jsonResponse(200, [...ctx.state.apps.values()].map(({ client_secret: _s, ...rest }) => rest));
    }
    if (path === '/creators' && m === 'POST') {
      const r = parse(creatorInputSchema, input);
      if (!r.ok) return r.result;
      return jsonResponse(200, ops.addCreator(r.data));
    }
    if (path === '/creators' && m === 'GET') return jsonResponse(200, [...ctx.state.creators.values()]);
    if (seg[0] === 'creators' && seg.length === 2 && m === 'PATCH') {
      const c = ctx.state.creators.get(idAt(1));
      if (!c) return bad('Unknown open_id.', 404);
      const r = parse(creatorPatchSchema, input);
      if (!r.ok) return r.result;
      Object.assign(c, Object.fromEntries(Object.entries(r.data).filter(([k]) => k in (input as object))));
      return jsonResponse(200, c);
    }
    if (seg[0] === 'creators' && seg[2] === 'revoke' && m === 'POST') {
      const openId = idAt(1);
      const r = parse(revokeInputSchema, input);
      if (!r.ok) return r.result;
      const grants = grantsOf(ctx, r.data.client_key, openId);
      for (const g of grants) flow.revokeGrant(g, r.data.reason);
      return jsonResponse(200, { revoked: grants.length });
    }
    if (path === '/consent' && m === 'POST') {
      const r = parse(consentInputSchema, input);
      if (!r.ok) return r.result;
      const app = ctx.state.apps.get(r.data.client_key);
      if (!app) return bad('Unknown client_key.', 404);
      if (!ctx.state.creators.has(r.data.open_id)) return bad('Unknown open_id.', 404);
      if (!isRegisteredRedirect(app.redirect_uris, r.data.redirect_uri)) return bad('redirect_uri is not registered for this app.');
      const code = createCode(ctx, {
        client_key: app.client_key,
        open_id: r.data.open_id,
        scopes: r.data.scopes,
        redirect_uri: r.data.redirect_uri,
        code_challenge: r.data.code_challenge,
      });
      return jsonResponse(200, { code: code.code, scopes: r.data.scopes.join(','), state: r.data.state });
    }
    if (path === '/idle' && m === 'POST') {
      await ops.idle();
      return jsonResponse(200, { now_ms: ctx.time.now() });
    }
    if (path === '/errors' && m === 'GET') return jsonResponse(200, ctx.errors.list());
    if (path === '/clock' && m === 'GET') return jsonResponse(200, { now_ms: ctx.time.now() });
    if (path === '/clock' && m === 'POST') {
      const r = parse(clockInputSchema, input);
      if (!r.ok) return r.result;
      const now = r.data.advance_ms !== undefined ? await ctx.time.advance(r.data.advance_ms) : await ctx.time.setNow(r.data.now_ms ?? 0);
      return jsonResponse(200, { now_ms: now });
    }
    if (path === '/faults' && m === 'POST') {
      const r = parse(faultRuleSchema, input);
      if (!r.ok) return r.result;
      return jsonResponse(200, ctx.faults.add(r.data));
    }
    if (path === '/faults' && m === 'GET') return jsonResponse(200, ctx.faults.list());
    if (path === '/faults' && m === 'DELETE') {
      ctx.faults.clear();
      return jsonResponse(200, { ok: true });
    }
    if (seg[0] === 'inbox' && seg[2] === 'complete' && m === 'POST') {
      const p = ctx.state.publishes.get(idAt(1));
      if (!p) return bad('Unknown publish_id.', 404);
      const r = parse(inboxCompleteSchema, input);
      if (!r.ok) return r.result;
      const post = flow.completeInbox(p, r.data);
      if (!post) return bad(`The publish is ${p.status}; only SEND_TO_USER_INBOX drafts can be completed.`, 409);
      return jsonResponse(200, { post_id: post.post_id.toString() });
    }
    if (path === '/posts' && m === 'GET') {
      return jsonResponse(200, ctx.state.posts.map((p) => ({ ...p, post_id: p.post_id.toString() })));
    }
    if (path === '/posts' && m === 'POST') {
      const r = parse(postSeedSchema, input);
      if (!r.ok) return r.result;
      const creator = ctx.state.creators.get(r.data.open_id);
      if (!creator) return bad('Unknown open_id.', 404);
      if (r.data.post_id !== undefined && ctx.state.posts.some((p) => p.post_id.toString() === r.data.post_id)) return bad('A post with this post_id exists.', 409);
      if (r.data.created_at !== undefined && createdAtTaken(ctx, creator.open_id, r.data.created_at)) {
        return bad("created_at: another of this creator's posts has this millisecond (the Display API's list cursor is one).", 409);
      }
      return jsonResponse(200, { post_id: addAppPost(ctx, creator, r.data).post_id.toString() });
    }
    if (seg[0] === 'posts' && seg[2] === 'remove' && m === 'POST') {
      const post = ctx.state.posts.find((p) => p.post_id.toString() === seg[1]);
      if (!post) return bad('Unknown post_id.', 404);
      flow.removePost(post);
      return jsonResponse(200, { ok: true });
    }
    if (seg[0] === 'publishes' && seg.length === 2 && m === 'GET') {
      const p = ctx.state.publishes.get(idAt(1));
      if (!p) return bad('Unknown publish_id.', 404);
      const { pull_abort: _a, ...rest } = p;
      return jsonResponse(200, { ...rest, post_ids: p.post_ids.map(String) });
    }
    if (path === '/requests' && m === 'GET') return jsonResponse(200, ctx.state.requests);
    if (path === '/webhooks' && m === 'GET') return jsonResponse(200, ctx.webhooks.deliveries());
    if (path === '/settings' && m === 'GET') return jsonResponse(200, ctx.settings);
    if (path === '/settings' && m === 'POST') {
      if (typeof input !== 'object' || input === null || Array.isArray(input)) return bad('The settings patch must be a JSON object.');
      return jsonResponse(200, ops.updateSettings(input));
    }
  } catch (e) {
    if (e instanceof AdminInputError) return bad(e.message);
    throw e;
  }
  return bad(`No admin route ${m} /_emulator${path}. See the emulator README for the admin API.`, 404);
}
