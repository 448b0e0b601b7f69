// Events the engine emits as things happen, for the notification and live-update layers: a post
// changed state, an account changed status, a publishing rule acted, new work was queued (wakes this process's workers).
import { EventEmitter } from 'node:events';
import type { PostState } from './domain/post-states.js';
import type { AccountStatus } from './domain/types.js';

export interface EngineEventMap {
  post: [{ postId: string; accountId: string; from: PostState | null; to: PostState; reason: string | null; at: number }];
  account: [{ accountId: string; status: AccountStatus; reason: string | null; at: number }];
  /** A publishing rule acted (a cap learned, an account paused, a post moved or held by a rule, an inbox reminder). */
  policy: [{ accountId: string; postId: string | null; code: string; message: string; at: number }];
  /** A media fix was queued, moved on, finished or failed (written to the store first). */
  fix: [{ fixId: string; mediaId: string; status: 'queued' | 'running' | 'done' | 'failed'; progress: number; at: number }];
  work: [];
}

export type EngineEvents = EventEmitter<EngineEventMap>;

export function createEngineEvents(): EngineEvents {
  const e = new EventEmitter<EngineEventMap>();
  e.setMaxListeners(0);
  return e;
}
