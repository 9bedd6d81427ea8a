import type { Command } from '../command';
import { cloudCommands } from './cloud';
import { encoderCommands } from './encoder';
import { foundationCommands } from './foundation';
import { operatorCommands } from './operators';
import { outboxCommands } from './outbox';
import { roomsCommands } from './rooms';
import { pmsCommands } from './pms';
import { siteCommands } from './site';

export const COMMANDS: readonly Command[] = [...foundationCommands, ...encoderCommands, ...cloudCommands, ...outboxCommands, ...roomsCommands, ...pmsCommands, ...siteCommands, ...operatorCommands];
