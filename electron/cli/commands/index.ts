import type { Command } from '../command';
import { cloudCommands } from './cloud';
import { encoderCommands } from './encoder';
import { foundationCommands } from './foundation';
import { outboxCommands } from './outbox';
import { roomsCommands } from './rooms';

export const COMMANDS: readonly Command[] = [...foundationCommands, ...encoderCommands, ...cloudCommands, ...outboxCommands, ...roomsCommands];
