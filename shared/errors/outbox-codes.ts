import type { ErrorEntry } from './types';

/** Filled by the outbox issue. */
export const OUTBOX_ERRORS: readonly ErrorEntry[] = [];
