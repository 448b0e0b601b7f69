// TikTok webhook signatures accepted lately (pipeline/webhook-receipt.ts): a delivery whose exact
// signature was accepted before is a replay. Rows older than the timestamp tolerance are useless
// (such a delivery is refused as stale anyway) and are pruned as new ones arrive.
import type { WebhookSignaturesRepo } from '../../domain/store-port.js';
import type { RepoContext } from './context.js';

export function createWebhookSignaturesRepo(ctx: RepoContext): WebhookSignaturesRepo {
  const { db } = ctx;
  return {
    async claim(signatureHash, now) {
      const r = await db
        .insertInto('webhook_signatures')
        .values({ signature_hash: signatureHash, received_at: now })
        .onConflict((oc) => oc.column('signature_hash').doNothing())
        .executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
    },
    async prune(before) {
      const r = await db.deleteFrom('webhook_signatures').where('received_at', '<', before).executeTakeFirst();
      return Number(r.numDeletedRows ?? 0);
    },
  };
}
