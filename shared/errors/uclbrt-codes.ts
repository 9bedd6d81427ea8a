import type { ErrorEntry } from './types';

/** Filled by the uclbrt issue. */
export const UCLBRT_ERRORS: readonly ErrorEntry[] = [];
