import { afterAll, beforeAll } from 'vitest';
import { startE2E, type E2E, type E2EOptions } from './harness';

// Kept apart from harness.ts so the benchmarks can use the rig without loading vitest.
/**
 * Starts one rig for the enclosing describe block and closes it after the block's last test.
 * Call it inside the describe, so a skipped block starts nothing; the getter works inside tests.
 */
export function useE2E(config: Record<string, unknown> = {}, options: E2EOptions = {}): () => E2E {
  let rig: E2E | undefined;
  beforeAll(async () => {
    rig = await startE2E(config, options);
  }, 180_000);
  afterAll(async () => {
    await rig?.close();
  });
  return () => {
    if (!rig) throw new Error('the e2e rig is not started: useE2E() must be called inside a describe block');
    return rig;
  };
}
