import type { Command } from '../command';

/** Commands of the encoder issue. */
export const encoderCommands: Command[] = [];
