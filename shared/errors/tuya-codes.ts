import type { ErrorEntry } from './types';

/** Filled by the tuya issue. */
export const TUYA_ERRORS: readonly ErrorEntry[] = [];
