import type { Command } from '../command';
import { auditCommands } from './audit';
import { cardCommands } from './cards';
import { encoderCommands } from './encoder';
import { operationCommands } from './operations';
import { operatorCommands } from './operators';
import { pmsCommands } from './pms';
import { queueCommands } from './queue';
import { roomsCommands } from './rooms';
import { sandboxCommands } from './sandbox';
import { siteCommands } from './site';
import { stationCommands } from './station';

export const COMMANDS: readonly Command[] = [
  ...stationCommands,
  ...encoderCommands,
  ...sandboxCommands,
  ...operationCommands,
  ...queueCommands,
  ...cardCommands,
  ...auditCommands,
  ...roomsCommands,
  ...pmsCommands,
  ...siteCommands,
  ...operatorCommands,
];
