// What every repository gets: the executor (the database, or the connection of the transaction in
// progress), the dialect, the secret box that seals secrets at rest, and id randomness.
import type { Kysely } from 'kysely';
import type { SecretBox } from '../../crypto/secret-box.js';
import type { Dialect } from '../../domain/store-port.js';
import type { IdFactory } from '../../ids.js';
import type { Database } from '../schema.js';

export interface RepoContext {
  db: Kysely<Database>;
  dialect: Dialect;
  box: SecretBox;
  ids: IdFactory;
  /** Runs `fn` in a transaction of its own, or inside the current one when there is one. */
  atomically<T>(fn: (db: Kysely<Database>) => Promise<T>): Promise<T>;
}

/**
 * JSON for a column. TikTok's int64 ids arrive as bigint (lossless-json) and may sit anywhere in a
 * payload kept as received (an unknown webhook event's content); JSON.stringify throws on a bigint,
 * so each is written as its exact decimal string rather than failing the whole write.
 */
export const toJson = (v: unknown): string => JSON.stringify(v ?? null, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));

export function fromJson<T>(text: string | null | undefined, fallback: T): T {
  if (text === null || text === undefined || text === '') return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

export const flag = (b: boolean): number => (b ? 1 : 0);
export const bool = (n: number | null | undefined): boolean => n === 1 || (n as unknown) === true;

/** Rows changed by an update or delete, whichever driver answered. */
export function changed(result: { numUpdatedRows?: bigint; numDeletedRows?: bigint } | undefined): boolean {
  return Number(result?.numUpdatedRows ?? result?.numDeletedRows ?? 0) > 0;
}
