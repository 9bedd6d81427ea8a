/**
 * CLI twins of the desk flows, all through the durable outbox: a mutation is accepted at once,
 * then the command waits up to --wait MS for the cloud and prints the operation as JSON.
 */
import { resolve } from 'node:path';
import { OPERATION_STATES, operationRequestSchema, type Operation, type OperationRequest, type OperationState } from '../../../shared/domain/operations';
import { LOCK_TYPES, type LockType } from '../../../shared/domain/cloud';
import { checked, flagBool, flagList, flagNumber, flagString, UsageError, type ParsedArgs } from '../args';
import { EXIT, type CliIo, type Command, type FlagSpec } from '../command';
import { CONFIG_FLAGS, msFlag, OPERATOR_FLAG, STATION_FLAGS } from '../flags';
import { loadCliConfig, printJson, printNotices, reportCliFailure, withCliStation, type CliStation } from '../context';
import { Registry } from '../../services/registry/service';
import { AuditLog } from '../../services/audit/audit-log';
import { CardStore } from '../../services/registry/card-store';
import { OperationStore } from '../../services/outbox/operation-store';
import { explainWait } from '../../services/outbox/waiting';
import { databaseNotices, openStationDatabase } from '../../services/store/database';
import { join } from 'node:path';
import { auditFilterSchema } from '../../../shared/ipc/contract';
import { checkRetry, checkSubmit } from '../../services/staff/request-rules';
import { findErrorEntry } from '../../../shared/errors';
import { checkExportTarget, EXPORT_TARGET_CODES } from '../../services/audit/export-file';
import { StationFailure } from '../../services/failure';
import { plainText } from '../../../shared/text/plain-text';
import type { SignedInOperator } from '../../../shared/staff';

export const WAIT_FLAG = msFlag('wait', 'How long to wait for the cloud before printing the operation (default 10000)');
/** What every outbox mutation takes besides its own flags. */
export const COMMON: readonly FlagSpec[] = [OPERATOR_FLAG, WAIT_FLAG, ...STATION_FLAGS];

export const text = (name: string, value: string, help: string, required = false): FlagSpec => ({ name, type: 'string', value, help, required });
export const toggle = (name: string, help: string): FlagSpec => ({ name, type: 'boolean', help });

const LOCK_TYPE_FLAG: FlagSpec = { name: 'lock-type', type: 'string', choices: LOCK_TYPES, help: 'Lock type (default: the configured one)' };

/** A card serial number given, or read from a card on the encoder. */
export function serialFlags(flag: string, help: string): FlagSpec[] {
  return [
    text(flag, 'S', `${help} (or --read)`),
    toggle('read', `Read it from a card on the encoder instead of --${flag}`),
    msFlag('read-timeout', 'With --read: how long to wait for the card (default 15000)', { min: 1 }),
  ];
}

export function required(args: ParsedArgs, name: string): string {
  const v = flagString(args, name);
  if (v === undefined || v === '') throw new UsageError(`--${name} is required`);
  return v;
}

function lockTypeFlag(args: ParsedArgs, ctx: CliStation): LockType {
  return (flagString(args, 'lock-type') as LockType | undefined) ?? ctx.config.uclbrt?.lockType ?? ctx.config.encoder.lockType;
}

/** Validates a request the way the IPC layer does (the CLI is a boundary too); problems are usage errors naming the flag's field. */
function validated(request: unknown): OperationRequest {
  return checked(operationRequestSchema, request, (field) => field.replace(/^input\./, '') || 'request');
}

/** A card serial number from --serial-num, or from the encoder with --read. */
export async function serialFrom(args: ParsedArgs, ctx: CliStation, io: CliIo, flag = 'serial-num'): Promise<string> {
  const given = flagString(args, flag);
  if (given !== undefined && flagBool(args, 'read')) throw new UsageError(`give --${flag} or --read, not both`);
  if (given !== undefined) return given;
  if (!flagBool(args, 'read')) throw new UsageError(`give --${flag} S, or --read to take it from a card on the encoder`);
  io.stderr('Place the card on the encoder...');
  const card = await ctx.station.encoder.read(flagNumber(args, 'read-timeout') ?? 15_000);
  io.stderr(`Read card ${card.serialNum} (${card.cardType}).`);
  return card.serialNum;
}

/** The name every record of this command carries: the operator runCli signed in with --operator. */
export function nameOf(operator: SignedInOperator | undefined): string {
  if (!operator) throw new Error('a command that changes the station ran without a signed-in operator');
  return operator.name;
}

async function waitSettled(ctx: CliStation, id: string, waitMs: number): Promise<Operation> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const op = await ctx.station.outbox.get(id);
    if ((op.state !== 'queued' && op.state !== 'sending') || Date.now() >= deadline) return op;
    await new Promise((r) => setTimeout(r, Math.min(100, Math.max(1, deadline - Date.now()))));
  }
}

const STATE_WORDS: Record<OperationState, string> = {
  queued: 'is queued: it will be sent automatically when the cloud answers (the station keeps it on disk)',
  sending: 'is being sent; the station will record the answer',
  done: 'is done',
  failed: 'failed and needs a person: fix and resend, or discard it ("queue list --state failed")',
  uncertain: 'may or may not have reached the cloud: check it in the cloud, then "queue retry ID" or "queue discard ID"',
  discarded: 'was discarded',
};

/**
 * Prints an operation (JSON on stdout, sentences on stderr) and maps its state to the exit code.
 * One held behind an operation that needs a person is never "sent automatically": the clerk is
 * told which one, why it stopped, and the command that settles it (exit 4, like a failure).
 */
async function report(op: Operation, io: CliIo, ctx: CliStation): Promise<number> {
  printJson(io, op);
  const wait = op.state === 'queued' ? op.waitingFor : undefined;
  if (wait) {
    io.stderr(`Operation ${op.id} is accepted and saved, but held back: ${wait.reason.message}`);
    if (!wait.needsDecision) return EXIT.ok;
    await tellDecision(wait, io, ctx);
    return EXIT.operationFailed;
  }
  const reason = op.lastError && op.state !== 'done' ? ` (${op.lastError.message})` : '';
  io.stderr(`Operation ${op.id} ${STATE_WORDS[op.state]}${reason}.`);
  return op.state === 'failed' || op.state === 'uncertain' ? EXIT.operationFailed : EXIT.ok;
}

/** Which operation waits for a person, why it stopped, and the command that settles it. */
export async function tellDecision(wait: NonNullable<Operation['waitingFor']>, io: CliIo, ctx: CliStation): Promise<void> {
  const blocker = await ctx.station.outbox.get(wait.operationId).catch(() => undefined);
  const why = blocker?.lastError ? ` (${blocker.lastError.message})` : '';
  io.stderr(`Waiting for a decision: ${wait.kind} ${wait.operationId} is ${wait.state}${why}.`);
  io.stderr(
    wait.state === 'uncertain'
      ? `Check in the cloud whether it arrived, then run "queue retry ${wait.operationId}" (it did not arrive) or "queue discard ${wait.operationId}" (it did); this operation follows by itself.`
      : `Run "queue retry ${wait.operationId}" to send it again, or "queue discard ${wait.operationId}" to give it up; this operation follows by itself.`,
  );
}

async function submitAndReport(ctx: CliStation, args: ParsedArgs, io: CliIo, request: OperationRequest, operator: SignedInOperator | undefined): Promise<number> {
  const waitMs = flagNumber(args, 'wait') ?? 10_000;
  const accepted = await ctx.station.outbox.submit(request, nameOf(operator));
  return report(await waitSettled(ctx, accepted.id, waitMs), io, ctx);
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
    flags: [...flags, ...COMMON],
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
    input: { cardNo: required(args, 'card-no'), wholeRoom: flagBool(args, 'whole-room'), roomNo: flagString(args, 'room'), buildNo: flagString(args, 'build'), floorNo: flagString(args, 'floor') },
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
  async (args, ctx, io) => ({ kind: 'uclbrt.prox.cancel', input: { serialNum: await serialFrom(args, ctx, io), lockType: lockTypeFlag(args, ctx) } }),
);

const DEVICE_FLAG = text('device', 'D', 'The Tuya lock (device id)', true);
const TUYA_REF_FLAGS: readonly FlagSpec[] = [DEVICE_FLAG, text('lock-card-id', 'L', "The lock's id for the card", true)];

const tuyaRef = (args: ParsedArgs) => ({ deviceId: required(args, 'device'), lockCardId: required(args, 'lock-card-id') });

const tuyaIssue = mutation(
  'tuya issue',
  'Issue a card to a Tuya lock (card id from the encoder with --read)',
  [DEVICE_FLAG, ...serialFlags('card-id', "The card's id"), text('start', 'T', 'Valid from (YYYY-MM-DDTHH:mm)'), text('end', 'T', 'Valid until (YYYY-MM-DDTHH:mm)')],
  async (args, ctx, io) => ({
    kind: 'tuya.issue',
    input: { deviceId: required(args, 'device'), cardId: await serialFrom(args, ctx, io, 'card-id'), start: flagString(args, 'start'), end: flagString(args, 'end') },
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

interface StationData {
  operations: OperationStore;
  registry: Registry;
  dataDir: string;
}

/**
 * Read-only commands open the station database directly: no worker starts, so looking at the
 * queue never sends anything (or keeps the command waiting for a cloud answer).
 */
async function withStationData(args: ParsedArgs, io: CliIo, fn: (data: StationData) => Promise<number>): Promise<number> {
  let db: ReturnType<typeof openStationDatabase> | undefined;
  try {
    const { dataDir, config } = loadCliConfig(args, io);
    db = openStationDatabase(join(dataDir, 'station.db'), { readOnly: true });
    printNotices(io, databaseNotices(db), config.language);
    return await fn({ operations: new OperationStore(db), registry: new Registry(new CardStore(db), new AuditLog(db)), dataDir });
  } catch (err) {
    return reportCliFailure(err, args, io);
  } finally {
    db?.close();
  }
}

const queueList: Command = {
  name: 'queue list',
  summary: 'List operations in the outbox, newest first',
  flags: [
    { name: 'state', type: 'list', choices: OPERATION_STATES, help: 'Only operations in these states' },
    text('subject', 'S', 'Only operations on this card, room or lock'),
    { name: 'limit', type: 'integer', value: 'N', min: 1, max: 1000, help: 'At most this many (default 100)' },
    { name: 'offset', type: 'integer', value: 'N', min: 0, help: 'Skip this many first' },
    ...CONFIG_FLAGS,
  ],
  run: (args, io) =>
    withStationData(args, io, async ({ operations }) => {
      const states = flagList(args, 'state') as OperationState[] | undefined;
      const page = operations.list({ states, subject: flagString(args, 'subject'), limit: flagNumber(args, 'limit') ?? 100, offset: flagNumber(args, 'offset') ?? 0 });
      printJson(io, { ...page, items: page.items.map((op) => explainWait(operations, op)) });
      io.stderr(`${page.items.length} of ${page.total} operation(s).`);
      return EXIT.ok;
    }),
};

const queueDrain: Command = {
  name: 'queue drain',
  summary: 'Send everything waiting now (instead of at its next retry) and print the queue summary',
  flags: [OPERATOR_FLAG, ...STATION_FLAGS],
  run: (args, io) =>
    withCliStation(args, io, async (ctx) => {
      const summary = await ctx.station.outbox.drain();
      printJson(io, summary);
      io.stderr(`Queued ${summary.queued}, failed ${summary.failed}, uncertain ${summary.uncertain}, done in the last 24 h ${summary.doneRecently}.`);
      return summary.failed || summary.uncertain ? EXIT.operationFailed : EXIT.ok;
    }),
};

function byId(name: 'retry' | 'discard', summary: string): Command {
  return {
    name: `queue ${name}`,
    summary,
    positionals: [{ name: 'ID', help: "the operation's id (see queue list)", required: true }],
    flags: name === 'retry' ? COMMON : [OPERATOR_FLAG, ...STATION_FLAGS],
    run: (args, io, operator) =>
      withCliStation(args, io, async (ctx) => {
        const id = args.positionals[0];
        if (name === 'retry') await checkRetry(ctx.station, id, operator!);
        const op = name === 'retry' ? await ctx.station.outbox.retry(id, nameOf(operator)) : await ctx.station.outbox.discard(id, nameOf(operator));
        return report(name === 'retry' ? await waitSettled(ctx, op.id, flagNumber(args, 'wait') ?? 10_000) : op, io, ctx);
      }),
  };
}

const cardsFind: Command = {
  name: 'cards find',
  summary: 'Find cards this station dealt with, by room, mobile or card number',
  positionals: [{ name: 'QUERY', help: 'a room, mobile number or card number to look for', required: true, variadic: true }],
  flags: [{ name: 'limit', type: 'integer', value: 'N', min: 1, max: 200, help: 'At most this many (default 50)' }, ...CONFIG_FLAGS],
  run: (args, io) =>
    withStationData(args, io, async ({ registry }) => {
      const query = checked(plainText({ trim: true }), args.positionals.join(' '), () => 'QUERY');
      if (!query) throw new UsageError('give a room, mobile number or card number to look for');
      const cards = await registry.find({ query, limit: flagNumber(args, 'limit') ?? 50 });
      printJson(io, { items: cards, total: cards.length });
      io.stderr(`${cards.length} card(s) found.`);
      return EXIT.ok;
    }),
};

const auditExport: Command = {
  name: 'audit export',
  summary: 'Write the activity log to a CSV file',
  flags: [
    text('csv', 'FILE', 'The CSV file to write (outside the data folder; its folder must exist)', true),
    toggle('force', 'Replace FILE if it exists'),
    text('action', 'A', 'Only entries of this action (operation.accepted, operation.done, ...)'),
    text('by', 'NAME', 'Only entries by this person'),
    text('from', 'T', 'From this local time (YYYY-MM-DDTHH:mm)'),
    text('to', 'T', 'Until this local time (YYYY-MM-DDTHH:mm)'),
    text('query', 'Q', 'Only entries about this operation id, card, room or text'),
    OPERATOR_FLAG,
    ...CONFIG_FLAGS,
  ],
  run: (args, io) =>
    withStationData(args, io, async ({ registry, dataDir }) => {
      const file = resolve(required(args, 'csv'));
      const overwrite = flagBool(args, 'force');
      const given = { action: flagString(args, 'action'), operator: flagString(args, 'by'), from: flagString(args, 'from'), to: flagString(args, 'to'), query: flagString(args, 'query') };
      const { limit: _limit, offset: _offset, ...filter } = checked(auditFilterSchema, given, (field) => `--${field === 'operator' ? 'by' : field}`);
      try {
        checkExportTarget(file, dataDir, { overwrite });
        const { rows } = await registry.exportCsvFile(file, filter, { overwrite });
        printJson(io, { file, rows });
        io.stderr(`Wrote ${rows} entr${rows === 1 ? 'y' : 'ies'} to ${file}.`);
        return EXIT.ok;
      } catch (err) {
        // Another file name fixes these: a usage error (exit 2), with what to do.
        if (err instanceof StationFailure && EXPORT_TARGET_CODES.has(err.error.code)) {
          throw new UsageError(`${err.error.message} ${findErrorEntry(err.error.code)?.actionEn ?? ''}`.trim(), err.error);
        }
        throw err;
      }
    }),
};

/** Commands of the outbox issue. */
export const outboxCommands: Command[] = [
  reportLost,
  cancelQr,
  cancelProximity,
  tuyaIssue,
  tuyaModify,
  tuyaSimple('delete', 'Delete a card from a Tuya lock'),
  tuyaSimple('freeze', 'Freeze a Tuya lock card'),
  tuyaSimple('unfreeze', 'Unfreeze a Tuya lock card'),
  tuyaQuery,
  queueList,
  queueDrain,
  byId('retry', 'Send a failed or uncertain operation again (a person decided it is safe)'),
  byId('discard', 'Give up a waiting, failed or uncertain operation'),
  cardsFind,
  auditExport,
];
