// Re-sealing under the current key (a key rotation, crypto/rotate-key.ts): every sealed column of
// SEALED_COLUMNS, row by row in key order, a batch per transaction. Each value is opened with
// whichever key sealed it and sealed again with the current one, and the update only lands when
// the row still holds the value read, so a value rewritten meanwhile is left to the writer. A
// crash between batches leaves some rows under the old key and some under the new: both stay
// readable while the box holds both keys, and running the rotation again finishes the job.
import { sql, type Kysely } from 'kysely';
import type { SecretBox } from '../crypto/secret-box.js';
import type { Dialect } from '../domain/store-port.js';
import { runTransaction as postgresTransaction } from './postgres/transaction.js';
import type { Database } from './schema.js';
import { SEALED_COLUMNS } from './sealed-columns.js';
import { runTransaction as sqliteTransaction } from './sqlite/transaction.js';

export interface ResealOptions {
  batchSize?: number;
  /** Called after each committed batch with the rows re-sealed so far (progress, crash tests). */
  onBatch?: (resealed: number) => void | Promise<void>;
}

export interface ResealReport {
  /** Values re-sealed by this run. */
  resealed: number;
  /** Values still under another key afterwards (written by a process holding only an old key). */
  remaining: number;
}

type Row = Record<string, string | null>;

// Table and column names come from SEALED_COLUMNS only, never from input.
const ident = (name: string) => sql.id(name);

export async function resealAll(db: Kysely<Database>, dialect: Dialect, box: SecretBox, o: ResealOptions = {}): Promise<ResealReport> {
  const batchSize = o.batchSize ?? 200;
  const run = dialect === 'postgres' ? postgresTransaction : sqliteTransaction;
  let resealed = 0;
  for (const t of SEALED_COLUMNS) {
    const cols = [t.key, ...t.columns];
    let after: string | null = null;
    for (;;) {
      const from: string | null = after;
      // Counted after the commit: PostgreSQL may run the transaction again on a serialization failure.
      const { rows: batch, changed } = await run(db, async (conn) => {
        let n = 0;
        const where = [sql`1 = 1`];
        if (from !== null) where.push(sql`${ident(t.key)} > ${from}`);
        if (t.onlyKey !== undefined) where.push(sql`${ident(t.key)} = ${t.onlyKey}`);
        const rows = (
          await sql<Row>`select ${sql.join(cols.map(ident))} from ${ident(t.table)} where ${sql.join(where, sql` and `)} order by ${ident(t.key)} limit ${batchSize}`.execute(conn)
        ).rows;
        for (const row of rows) {
          for (const c of t.columns) {
            const value = row[c];
            if (value === null || value === undefined || box.isCurrent(value)) continue;
            const fresh = box.seal(box.open(value));
            const r = await sql`update ${ident(t.table)} set ${ident(c)} = ${fresh} where ${ident(t.key)} = ${row[t.key]} and ${ident(c)} = ${value}`.execute(conn);
            if (Number(r.numAffectedRows ?? 0) > 0) n += 1;
          }
        }
        return { rows, changed: n };
      });
      resealed += changed;
      if (batch.length > 0) await o.onBatch?.(resealed);
      if (batch.length < batchSize) break;
      after = batch[batch.length - 1]![t.key] as string;
    }
  }
  return { resealed, remaining: await countNotCurrent(db, box) };
}

/** Sealed values under a key other than the current one. */
export async function countNotCurrent(db: Kysely<Database>, box: SecretBox): Promise<number> {
  let n = 0;
  for (const t of SEALED_COLUMNS) {
    for (const c of t.columns) {
      const only = t.onlyKey !== undefined ? sql` and ${ident(t.key)} = ${t.onlyKey}` : sql``;
      // substr, not LIKE: key ids are base64url, and `_` is a LIKE wildcard.
      const prefix = `v1.${box.keyId}.`;
      const r = await sql<{ n: number | string }>`select count(*) as n from ${ident(t.table)} where ${ident(c)} is not null and substr(${ident(c)}, 1, ${prefix.length}) <> ${prefix}${only}`.execute(db);
      n += Number(r.rows[0]?.n ?? 0);
    }
  }
  return n;
}
