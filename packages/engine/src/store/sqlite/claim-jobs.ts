// Claiming jobs on SQLite. The claim runs inside a BEGIN IMMEDIATE transaction: SQLite has one
// writer at a time, so nobody else can claim between the read and the lease write.
import type { Kysely } from 'kysely';
import type { ClaimedJob } from '../../domain/store-port.js';
import type { Database } from '../schema.js';
import { dueCandidates, leaseJobs, type ClaimInput } from '../repos/job-rows.js';

export async function claimJobs(db: Kysely<Database>, input: ClaimInput): Promise<ClaimedJob[]> {
  const { rows } = await dueCandidates(db, input.now, input.kinds, input.limit);
  return leaseJobs(db, rows.map((r) => r.id), input);
}
