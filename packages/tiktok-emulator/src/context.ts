// What every route and background task of the emulator shares.
import type { EventEmitter } from 'node:events';
import type { EmulatorState } from './state.js';
import type { Settings } from './settings.js';
import type { EmulatorTime } from './emulator-time.js';
import type { IdFactory } from './ids.js';
import type { FetchLike } from './http/fetch-adapter.js';
import type { WebhookDispatcher } from './engine/webhooks.js';
import type { FaultRegistry } from './engine/faults.js';
import type { ErrorLog } from './error-log.js';

export interface EmulatorContext {
  state: EmulatorState;
  settings: Settings;
  time: EmulatorTime;
  ids: IdFactory;
  dataDir: string;
  /** Emits `publish` ({publish_id, status, fail_reason}) and `webhook` (delivery records). */
  events: EventEmitter;
  /** Used for PULL_FROM_URL downloads (global fetch unless injected). */
  pullFetch: FetchLike;
  webhooks: WebhookDispatcher;
  faults: FaultRegistry;
  /** The emulator's own crashes (GET /_emulator/errors). */
  errors: ErrorLog;
  /**
   * Registers background work (pulls, processing, webhook deliveries) so `idle()` can wait for it.
   * A rejection is an emulator bug and is recorded under `background <label>`.
   */
  track(work: Promise<unknown>, label: string): void;
}
