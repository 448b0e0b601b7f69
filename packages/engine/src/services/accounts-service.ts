// Connecting TikTok accounts and looking after them. Connecting the same open_id again (a
// reconnect) keeps the account's posts and history, stores the new tokens, and releases the posts
// held while it was disconnected, in schedule order.
import type { CodeExchangeResult, TokenSet, User, UserField } from '@tokpost/tiktok';
import { parkAccount, resumeAccount } from '../accounts/park.js';
import { nextRefreshAt } from '../accounts/refresh-schedule.js';
import { CAP_POLICIES, type Account, type AccountPolicy, type AccountStatus, type CapPolicy } from '../domain/types.js';
import type { EngineDeps } from '../engine-deps.js';
import { EngineError, invalidInput, notFound, type Issue } from '../errors.js';
import { recordedCall } from '../pipeline/recorded-call.js';
import type { CreatorInfo, CreatorInfoReader } from '../accounts/creator-info.js';

/** An account as callers may see it: never its tokens. */
export type AccountView = Omit<Account, 'accessToken' | 'refreshToken'>;

export function viewAccount(a: Account): AccountView {
  const { accessToken: _a, refreshToken: _r, ...rest } = a;
  return rest;
}

export interface ConnectResult {
  account: AccountView;
  reconnected: boolean;
  /** Scopes asked for that the creator did not grant. */
  missingScopes: string[];
  /** Held posts released by this reconnect. */
  resumedPostIds: string[];
}

export interface AccountsService {
  /** Exchanges an authorization code (from the OAuth callback) and connects the account. */
  connectWithCode(input: { appId: string; code: string; codeVerifier?: string; redirectUri?: string; requestedScopes?: readonly string[] }): Promise<ConnectResult>;
  /** Connects with tokens already obtained (and the creator's profile, when known). */
  connectWithTokens(input: { appId: string; tokens: TokenSet & { missingScopes?: string[] }; profile?: User }): Promise<ConnectResult>;
  get(id: string): Promise<AccountView>;
  list(filter?: { appId?: string; status?: AccountStatus }): Promise<AccountView[]>;
  /** Refresh the token now (a refresh job due at once). */
  requestRefresh(id: string): Promise<void>;
  /** Revokes tokpost's access at TikTok (best effort) and holds the account's unsent posts. */
  disconnect(id: string, o?: { actor?: string }): Promise<AccountView>;
  /**
   * What the creator may post now, asked of TikTok fresh (accounts/creator-info.ts): for a composer.
   * Throws needs_reconnect, cannot_post_now, rate_limited or unavailable with what to do.
   */
  creatorInfo(id: string): Promise<CreatorInfo>;
  /** The account's caps, pause and last creator_info (docs/architecture.md §2.5). */
  policy(id: string): Promise<AccountPolicy>;
  /**
   * Sets the account's own daily cap or cap policy (null: the engine's default). Setting a cap also
   * forgets a cap learned from TikTok; posts already moved keep their new time.
   */
  setPolicy(id: string, change: PolicyChange): Promise<AccountPolicy>;
}

export interface PolicyChange {
  dailyPostCap?: number | null;
  capPolicy?: CapPolicy | null;
}

const MAX_DAILY_CAP = 1_000;

function checkPolicyChange(change: PolicyChange): void {
  const issues: Issue[] = [];
  const cap = change.dailyPostCap;
  if (cap !== undefined && cap !== null && !(Number.isInteger(cap) && cap >= 1 && cap <= MAX_DAILY_CAP)) {
    issues.push({ field: 'dailyPostCap', message: `must be a whole number from 1 to ${MAX_DAILY_CAP}, or null for the default` });
  }
  if (change.capPolicy !== undefined && change.capPolicy !== null && !CAP_POLICIES.includes(change.capPolicy)) {
    issues.push({ field: 'capPolicy', message: `must be one of ${CAP_POLICIES.join(', ')}, or null for the default` });
  }
  if (issues.length > 0) throw invalidInput(issues);
}

const PROFILE_FIELDS: Array<{ field: UserField; scope: string }> = [
  { field: 'open_id', scope: 'user.info.basic' },
  { field: 'display_name', scope: 'user.info.basic' },
  { field: 'avatar_url', scope: 'user.info.basic' },
  { field: 'username', scope: 'user.info.profile' },
];

export function createAccountsService(deps: EngineDeps, o: { creatorInfo: CreatorInfoReader }): AccountsService {
  const { store, clock, ids } = deps;

  const appOf = async (appId: string) => {
    const app = await store.apps.get(appId);
    if (!app) throw notFound('app', appId);
    return app;
  };

  const connectWithTokens: AccountsService['connectWithTokens'] = async ({ appId, tokens, profile }) => {
    await appOf(appId);
    const now = clock.now();
    const existing = await store.accounts.getByOpenId(appId, tokens.openId);
    const names = {
      username: profile?.username ?? existing?.username ?? '',
      nickname: profile?.displayName ?? existing?.nickname ?? '',
      avatarUrl: profile?.avatarUrl ?? existing?.avatarUrl ?? '',
    };
    const tokenFields = {
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      accessExpiresAt: tokens.accessExpiresAt,
      refreshExpiresAt: tokens.refreshExpiresAt,
      scopes: tokens.scopes,
      lastRefreshAt: now,
    };
    let account: Account;
    let resumed: string[] = [];
    if (existing) {
      account = { ...existing, ...names, ...tokenFields, status: 'active', statusReason: null, statusMessage: null, statusChangedAt: now, updatedAt: now };
      await store.transaction(async (tx) => {
        await tx.accounts.updateTokens(existing.id, tokenFields, now);
        await tx.accounts.updateProfile(existing.id, names, now);
        await tx.accounts.setStatus(existing.id, 'active', null, null, now);
        resumed = await resumeAccount(deps, tx, account, { actor: 'user', now });
      });
    } else {
      account = {
        id: ids.next('acct'),
        appId,
        openId: tokens.openId,
        ...names,
        ...tokenFields,
        status: 'active',
        statusReason: null,
        statusMessage: null,
        statusChangedAt: now,
        createdAt: now,
        updatedAt: now,
      };
      await store.transaction(async (tx) => {
        await tx.accounts.insert(account);
        await tx.jobs.upsert(
          { kind: 'refresh', key: `refresh:${account.id}`, groupKey: `account:${account.id}`, accountId: account.id, runAt: nextRefreshAt(account, deps.settings, deps.random, now) },
          now,
        );
      });
    }
    deps.events.emit('work');
    return { account: viewAccount(account), reconnected: !!existing, missingScopes: tokens.missingScopes ?? [], resumedPostIds: resumed };
  };

  return {
    connectWithTokens,
    creatorInfo: (id) => o.creatorInfo.read(id),

    async connectWithCode({ appId, code, codeVerifier, redirectUri, requestedScopes }) {
      const app = await appOf(appId);
      const client = deps.clients.forApp(app);
      const exchanged = await recordedCall<CodeExchangeResult>(
        deps,
        { kind: 'code_exchange', endpoint: 'oauth_token', request: { grant_type: 'authorization_code' } },
        () => client.exchangeCode({ code, codeVerifier, redirectUri, requestedScopes }),
        (t) => ({ logId: t.logId ?? null }),
      );
      if (!exchanged.ok) throw exchanged.error;
      const tokens = exchanged.value;
      const fields = PROFILE_FIELDS.filter((f) => tokens.scopes.includes(f.scope)).map((f) => f.field);
      let profile: User | undefined;
      if (fields.length > 0) {
        const info = await recordedCall(deps, { kind: 'user_info', endpoint: 'user_info', request: { fields } }, () => client.getUserInfo(tokens.accessToken, fields), (u) => ({ logId: u.logId ?? null }));
        // The profile is a nicety: a failed user info call does not lose a successful connection.
        if (info.ok) profile = info.value.user;
      }
      return connectWithTokens({ appId, tokens, profile });
    },

    async get(id) {
      const a = await store.accounts.get(id);
      if (!a) throw notFound('account', id);
      return viewAccount(a);
    },

    async list(filter) {
      return (await store.accounts.list(filter)).map(viewAccount);
    },

    async requestRefresh(id) {
      const a = await store.accounts.get(id);
      if (!a) throw notFound('account', id);
      if (a.status !== 'active') throw new EngineError('conflict', `the account is ${a.status}: connect it again instead of refreshing`);
      const now = clock.now();
      await store.jobs.upsert({ kind: 'refresh', key: `refresh:${id}`, groupKey: `account:${id}`, accountId: id, runAt: now }, now);
      deps.events.emit('work');
    },

    async disconnect(id, o = {}) {
      const a = await store.accounts.get(id);
      if (!a) throw notFound('account', id);
      const app = await appOf(a.appId);
      try {
        await deps.clients.forApp(app).revokeToken(a.accessToken);
      } catch (e) {
        deps.log.warn({ err: e, account: id }, 'TikTok did not confirm the revocation; the account is disconnected locally anyway');
      }
      const now = clock.now();
      await store.transaction((tx) => parkAccount(deps, tx, a, { reason: 'account_disconnected', message: 'Disconnected from tokpost.', actor: o.actor ?? 'user', now, status: 'disconnected' }));
      return viewAccount({ ...a, status: 'disconnected', statusReason: 'account_disconnected', statusMessage: 'Disconnected from tokpost.', statusChangedAt: now });
    },

    async policy(id) {
      if (!(await store.accounts.get(id))) throw notFound('account', id);
      return store.accountPolicies.get(id);
    },

    async setPolicy(id, change) {
      checkPolicyChange(change);
      if (!(await store.accounts.get(id))) throw notFound('account', id);
      const patch: Partial<AccountPolicy> = {};
      if (change.dailyPostCap !== undefined) Object.assign(patch, { dailyPostCap: change.dailyPostCap, learnedPostCap: null, learnedCapAt: null });
      if (change.capPolicy !== undefined) patch.capPolicy = change.capPolicy;
      const policy = await store.accountPolicies.update(id, patch, clock.now());
      deps.events.emit('work');
      return policy;
    },
  };
}
