import type { ErrorEntry } from './types';

/** Filled by the encoder issue. */
export const ENCODER_ERRORS: readonly ErrorEntry[] = [];
