import type { Finding, ProbeResult } from '@tokpost/media';
import type { MediaRepo } from '../../domain/store-port.js';
import type { MediaAsset } from '../../domain/types.js';
import type { MediaAssetsTable } from '../schema.js';
import { fromJson, toJson, type RepoContext } from './context.js';

export function createMediaRepo(ctx: RepoContext): MediaRepo {
  const { db } = ctx;
  const fromRow = (r: MediaAssetsTable): MediaAsset => ({
    id: r.id,
    path: r.path,
    sizeBytes: r.size_bytes,
    sha256: r.sha256,
    kind: r.kind as MediaAsset['kind'],
    contentType: r.content_type,
    probe: fromJson<ProbeResult>(r.probe, { kind: 'unusable' } as ProbeResult),
    findings: fromJson<Finding[]>(r.findings, []),
    createdAt: r.created_at,
  });
  return {
    async insert(m) {
      await db
        .insertInto('media_assets')
        .values({
          id: m.id,
          path: m.path,
          size_bytes: m.sizeBytes,
          sha256: m.sha256,
          kind: m.kind,
          content_type: m.contentType,
          probe: toJson(m.probe),
          findings: toJson(m.findings),
          created_at: m.createdAt,
        })
        .execute();
    },
    async get(id) {
      const r = await db.selectFrom('media_assets').selectAll().where('id', '=', id).executeTakeFirst();
      return r && fromRow(r);
    },
    async getMany(ids) {
      if (ids.length === 0) return [];
      const rows = (await db.selectFrom('media_assets').selectAll().where('id', 'in', [...ids]).execute()).map(fromRow);
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
    },
  };
}
