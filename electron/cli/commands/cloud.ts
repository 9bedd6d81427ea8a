import type { Command } from '../command';

/** Commands of the cloud issue. */
export const cloudCommands: Command[] = [];
