// @tokpost/tiktok-emulator — an offline, stateful TikTok for tests, demos and benchmarks.
export { createEmulator, loadScenario, type Emulator, type EmulatorOptions } from './create-emulator.js';
export { createAdminClient, AdminError, type AdminClient, type PostRecord, type PostSeedInput, type RequestRecord } from './admin-client.js';
export { settingsSchema, type Settings } from './settings.js';
export { EMULATOR_BUG_MESSAGE, formatErrorRecord, type EmulatorErrorRecord } from './error-log.js';
export { FAULT_TARGETS, type FaultRuleInput } from './engine/faults.js';
export type { FetchLike } from './http/fetch-adapter.js';
export type { EmuRequest, EmuResult, Handler } from './http/types.js';
