import type { Command } from '../command';

/** Commands of the outbox issue. */
export const outboxCommands: Command[] = [];
