// Where the demo scenario lives and what the demo uses of it (demo.ts, `tokpost emulator`).
import { fileURLToPath } from 'node:url';

export const DEMO_CLIENT_KEY = 'demo_client_key';
export const DEMO_EMULATOR_PORT = 4010;

/** The scenario file shipped with the emulator (one level above both its src/ and dist/). */
export function demoScenarioPath(): string {
  return fileURLToPath(new URL('../scenarios/demo.json', import.meta.resolve('@tokpost/tiktok-emulator')));
}
