/**
 * Card operations on the command line (the desk's forms without the rooms): each builds one
 * request and queues it in the durable outbox; the command then waits up to --wait MS for the
 * cloud and prints the operation as JSON (operation-output.ts).
 */
import { LOCK_TYPES, type LockType } from '../../../shared/domain/cloud';
import { flagBool, flagString, required, type ParsedArgs } from '../args';
import { serialFrom } from '../card-serial';
import { EXIT, type CliIo, type Command, type FlagSpec } from '../command';
import { printJson, withCliStation, type CliStation } from '../context';
import { MUTATION_FLAGS, serialFlags, STATION_FLAGS, text, toggle } from '../flags';
import { submitAndReport, validated } from '../operation-output';
import { checkSubmit } from '../../services/staff/request-rules';

const LOCK_TYPE_FLAG: FlagSpec = {
  name: 'lock-type',
  type: 'string',
  choices: LOCK_TYPES,
  help: 'Lock type (default: the configured one)',
};

function lockTypeFlag(args: ParsedArgs, ctx: CliStation): LockType {
  return (flagString(args, 'lock-type') as LockType | undefined) ?? ctx.config.uclbrt?.lockType ?? ctx.config.encoder.lockType;
}

/** A command whose whole job is to build one request and send it through the outbox. */
function mutation(
  name: string,
  summary: string,
  flags: readonly FlagSpec[],
  build: (args: ParsedArgs, ctx: CliStation, io: CliIo) => Promise<unknown> | unknown,
): Command {
  return {
    name,
    summary,
    flags: [...flags, ...MUTATION_FLAGS],
    run: (args, io, operator) =>
      withCliStation(args, io, async (ctx) => {
        const request = validated(await build(args, ctx, io));
        checkSubmit(ctx.station, request, operator!);
        return submitAndReport(ctx, args, io, request, operator);
      }),
  };
}

const reportLost = mutation(
  'report-lost',
  'Report a QR card lost (or every card of its room with --whole-room; --room only for a card this station has not seen)',
  [
    text('card-no', 'X', 'The QR card number', true),
    toggle('whole-room', 'Report every card of that room lost'),
    text('room', 'R', 'With --whole-room, for a card this station has never seen: its room number'),
    text('build', 'B', 'With --room: building number'),
    text('floor', 'F', 'With --room: floor number'),
  ],
  (args) => ({
    kind: 'uclbrt.qr.reportLost',
    input: {
      cardNo: required(args, 'card-no'),
      wholeRoom: flagBool(args, 'whole-room'),
      roomNo: flagString(args, 'room'),
      buildNo: flagString(args, 'build'),
      floorNo: flagString(args, 'floor'),
    },
  }),
);

const cancelQr = mutation('cancel-qr', 'Cancel a QR card', [text('card-no', 'X', 'The QR card number', true)], (args) => ({
  kind: 'uclbrt.qr.cancel',
  input: { cardNo: required(args, 'card-no') },
}));

const cancelProximity = mutation(
  'cancel-proximity',
  'Cancel a proximity card, read on the encoder or by serial number',
  [...serialFlags('serial-num', "The card's serial number"), LOCK_TYPE_FLAG],
  async (args, ctx, io) => ({
    kind: 'uclbrt.prox.cancel',
    input: { serialNum: await serialFrom(args, ctx, io), lockType: lockTypeFlag(args, ctx) },
  }),
);

const DEVICE_FLAG = text('device', 'D', 'The Tuya lock (device id)', true);
const TUYA_REF_FLAGS: readonly FlagSpec[] = [DEVICE_FLAG, text('lock-card-id', 'L', "The lock's id for the card", true)];

const tuyaRef = (args: ParsedArgs) => ({ deviceId: required(args, 'device'), lockCardId: required(args, 'lock-card-id') });

const tuyaIssue = mutation(
  'tuya issue',
  'Issue a card to a Tuya lock (card id from the encoder with --read)',
  [
    DEVICE_FLAG,
    ...serialFlags('card-id', "The card's id"),
    text('start', 'T', 'Valid from (YYYY-MM-DDTHH:mm)'),
    text('end', 'T', 'Valid until (YYYY-MM-DDTHH:mm)'),
  ],
  async (args, ctx, io) => ({
    kind: 'tuya.issue',
    input: {
      deviceId: required(args, 'device'),
      cardId: await serialFrom(args, ctx, io, 'card-id'),
      start: flagString(args, 'start'),
      end: flagString(args, 'end'),
    },
  }),
);
const tuyaModify = mutation(
  'tuya modify',
  'Change a Tuya lock card validity',
  [...TUYA_REF_FLAGS, text('start', 'T', 'Valid from (YYYY-MM-DDTHH:mm)', true), text('end', 'T', 'Valid until (YYYY-MM-DDTHH:mm)', true)],
  (args) => ({
    kind: 'tuya.modify',
    input: { ...tuyaRef(args), start: required(args, 'start'), end: required(args, 'end') },
  }),
);
const tuyaSimple = (verb: 'delete' | 'freeze' | 'unfreeze', summary: string) =>
  mutation(`tuya ${verb}`, summary, TUYA_REF_FLAGS, (args) => ({ kind: `tuya.${verb}`, input: tuyaRef(args) }));

const tuyaQuery: Command = {
  name: 'tuya query',
  summary: 'Ask the Tuya cloud about one lock card (read-only, not queued)',
  flags: [...TUYA_REF_FLAGS, ...STATION_FLAGS],
  run: (args, io) =>
    withCliStation(args, io, async (ctx) => {
      const ref = tuyaRef(args);
      printJson(io, await ctx.station.cloud.lookup({ provider: 'tuya', ...ref }));
      return EXIT.ok;
    }),
};

/** Reporting lost, cancelling, and the Tuya lock cards (queued), and looking a Tuya card up (not queued). */
export const operationCommands: Command[] = [
  reportLost,
  cancelQr,
  cancelProximity,
  tuyaIssue,
  tuyaModify,
  tuyaSimple('delete', 'Delete a card from a Tuya lock'),
  tuyaSimple('freeze', 'Freeze a Tuya lock card'),
  tuyaSimple('unfreeze', 'Unfreeze a Tuya lock card'),
  tuyaQuery,
];
