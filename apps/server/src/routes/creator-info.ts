// GET /api/accounts/:id/creator-info: what the creator may post now, asked of TikTok fresh — a
// composer shows the nickname, offers exactly these privacy levels with none preselected, greys out
// the interactions the creator switched off, and blocks videos over the maximum
// (docs/tiktok-api.md §12). A creator who cannot post now is a 409 saying so.
import type { Engine } from '@tokpost/engine';
import type { FastifyInstance } from 'fastify';
import { routeDoc } from '../openapi/route-doc.js';
import { idParams, parseWith } from './body.js';

export function creatorInfoRoutes(app: FastifyInstance, engine: Engine): void {
  app.get(
    '/api/accounts/:id/creator-info',
    {
      schema: routeDoc({
        tag: 'accounts',
        summary: "The creator's current posting options (asked of TikTok now)",
        params: idParams,
        responses: { 200: '`{ creatorInfo: { avatarUrl, username, nickname, privacyLevelOptions, commentDisabled, duetDisabled, stitchDisabled, maxVideoPostDurationSec } }`' },
      }),
    },
    async (request) => {
      const { id } = parseWith(idParams, request.params);
      return { creatorInfo: await engine.accounts.creatorInfo(id) };
    },
  );
}
