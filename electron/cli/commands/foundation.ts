import type { Command } from '../command';

/** Commands of the foundation issue. */
export const foundationCommands: Command[] = [];
