// TikTok apps (client key and secret, audit status, verified URL prefixes). The secret is
// write-only: views never carry it.
import type { App } from '../domain/types.js';
import type { EngineDeps } from '../engine-deps.js';
import { EngineError, invalidInput, notFound, type Issue } from '../errors.js';

export type AppView = Omit<App, 'clientSecret'>;

export function viewApp(a: App): AppView {
  const { clientSecret: _s, ...rest } = a;
  return rest;
}

export interface AppInput {
  clientKey: string;
  clientSecret: string;
  audited?: boolean;
  verifiedUrlPrefixes?: string[];
  /**
   * Distinct creators the app may post for in 24 h, as TikTok granted it at the audit (null: not
   * enforced locally; an unaudited app always has TikTok's 5).
   */
  activeCreatorCap?: number | null;
}

export interface AppsService {
  create(input: AppInput): Promise<AppView>;
  update(id: string, patch: Partial<Omit<AppInput, 'clientKey'>>): Promise<AppView>;
  get(id: string): Promise<AppView>;
  getByClientKey(clientKey: string): Promise<AppView | undefined>;
  list(): Promise<AppView[]>;
}

function checkCreatorCap(cap: number | null | undefined, issues: Issue[]): void {
  if (cap !== undefined && cap !== null && !(Number.isInteger(cap) && cap >= 1)) issues.push({ field: 'activeCreatorCap', message: 'must be a whole number of at least 1, or null when TikTok gave the app no known cap' });
}

function checkPrefixes(prefixes: readonly string[] | undefined, issues: Issue[]): void {
  for (const p of prefixes ?? []) {
    const looksLikeUrl = /^https?:\/\//i.test(p);
    if (looksLikeUrl && !URL.canParse(p)) issues.push({ field: 'verifiedUrlPrefixes', message: `${p} is not a valid URL` });
    else if (looksLikeUrl && !p.endsWith('/')) issues.push({ field: 'verifiedUrlPrefixes', message: `${p} must end with "/" (TikTok verifies URL prefixes ending in a slash)` });
    else if (!looksLikeUrl && !/^[a-z0-9.-]+\.[a-z]{2,}$/i.test(p)) issues.push({ field: 'verifiedUrlPrefixes', message: `${p} is neither a URL prefix (https://host/path/) nor a domain` });
  }
}

export function createAppsService(deps: EngineDeps): AppsService {
  const { store, clock, ids } = deps;
  return {
    async create(input) {
      const issues: Issue[] = [];
      if (!input.clientKey?.trim()) issues.push({ field: 'clientKey', message: "required: the app's client key from TikTok's developer portal" });
      if (!input.clientSecret?.trim()) issues.push({ field: 'clientSecret', message: "required: the app's client secret from TikTok's developer portal" });
      checkPrefixes(input.verifiedUrlPrefixes, issues);
      checkCreatorCap(input.activeCreatorCap, issues);
      if (issues.length > 0) throw invalidInput(issues);
      if (await store.apps.getByClientKey(input.clientKey)) throw new EngineError('conflict', `an app with client key ${input.clientKey} exists already; update it instead`);
      const now = clock.now();
      const app: App = {
        id: ids.next('app'),
        clientKey: input.clientKey.trim(),
        clientSecret: input.clientSecret.trim(),
        audited: input.audited ?? false,
        verifiedUrlPrefixes: input.verifiedUrlPrefixes ?? [],
        activeCreatorCap: input.activeCreatorCap ?? null,
        createdAt: now,
        updatedAt: now,
      };
      await store.apps.insert(app);
      return viewApp(app);
    },
    async update(id, patch) {
      const issues: Issue[] = [];
      if (patch.clientSecret !== undefined && !patch.clientSecret.trim()) issues.push({ field: 'clientSecret', message: 'cannot be empty' });
      checkPrefixes(patch.verifiedUrlPrefixes, issues);
      checkCreatorCap(patch.activeCreatorCap, issues);
      if (issues.length > 0) throw invalidInput(issues);
      const app = await store.apps.update(id, { ...patch, clientSecret: patch.clientSecret?.trim() }, clock.now());
      if (!app) throw notFound('app', id);
      return viewApp(app);
    },
    async get(id) {
      const app = await store.apps.get(id);
      if (!app) throw notFound('app', id);
      return viewApp(app);
    },
    async getByClientKey(clientKey) {
      const app = await store.apps.getByClientKey(clientKey);
      return app && viewApp(app);
    },
    async list() {
      return (await store.apps.list()).map(viewApp);
    },
  };
}
