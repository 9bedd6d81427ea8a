/**
 * CLI twins of the desk flows, all through the durable outbox: a mutation is accepted at once,
 * then the command waits up to --wait MS for the cloud and prints the operation as JSON.
 */
import { resolve } from 'node:path';
import { OPERATION_STATES, operationRequestSchema, type Operation, type OperationRequest, type OperationState } from '../../../shared/domain/operations';
import { LOCK_TYPES, type LockType } from '../../../shared/domain/cloud';
import { flagBool, flagNumber, flagString, UsageError, type ParsedArgs } from '../args';
import { EXIT, type CliIo, type Command } from '../command';
import { loadCliConfig, printJson, printNotices, reportCliFailure, withCliStation, type CliStation } from '../context';
import { Registry } from '../../services/registry/service';
import { AuditLog } from '../../services/audit/audit-log';
import { CardStore } from '../../services/registry/card-store';
import { OperationStore } from '../../services/outbox/operation-store';
import { databaseNotices, openStationDatabase } from '../../services/store/database';
import { join } from 'node:path';
import { auditFilterSchema } from '../../../shared/ipc/contract';

const COMMON = '[--config FILE] [--operator NAME] [--wait MS] [--json]';

function required(args: ParsedArgs, name: string): string {
  const v = flagString(args, name);
  if (v === undefined || v === '') throw new UsageError(`--${name} is required`);
  return v;
}

function nonNegative(args: ParsedArgs, name: string): number | undefined {
  const n = flagNumber(args, name);
  if (n !== undefined && (n < 0 || !Number.isInteger(n))) throw new UsageError(`--${name} must be a whole number of 0 or more`);
  return n;
}

function lockTypeFlag(args: ParsedArgs, ctx: CliStation): LockType {
  const v = flagString(args, 'lock-type');
  if (v === undefined) return ctx.config.uclbrt?.lockType ?? ctx.config.encoder.lockType;
  if (!(LOCK_TYPES as readonly string[]).includes(v)) throw new UsageError(`--lock-type must be one of ${LOCK_TYPES.join(', ')}`);
  return v as LockType;
}

/** Validates a request the way the IPC layer does; problems are usage errors naming the flag's field. */
function validated(request: unknown): OperationRequest {
  const parsed = operationRequestSchema.safeParse(request);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => `${i.path.filter((p) => p !== 'input').join('.') || 'request'}: ${i.message}`);
  throw new UsageError(`The request is not valid:\n  ${lines.join('\n  ')}`);
}

/** A card serial number from --serial-num, or from the encoder with --read. */
async function serialFrom(args: ParsedArgs, ctx: CliStation, io: CliIo, flag = 'serial-num'): Promise<string> {
  const given = flagString(args, flag);
  if (given !== undefined && flagBool(args, 'read')) throw new UsageError(`give --${flag} or --read, not both`);
  if (given !== undefined) return given;
  if (!flagBool(args, 'read')) throw new UsageError(`give --${flag} S, or --read to take it from a card on the encoder`);
  io.stderr('Place the card on the encoder...');
  const card = await ctx.station.encoder.read(flagNumber(args, 'read-timeout') ?? 15_000);
  io.stderr(`Read card ${card.serialNum} (${card.cardType}).`);
  return card.serialNum;
}

function operatorOf(args: ParsedArgs, ctx: CliStation): string {
  return flagString(args, 'operator') ?? ctx.station.operatorName();
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

/** Prints an operation (JSON on stdout, a sentence on stderr) and maps its state to the exit code. */
function report(op: Operation, io: CliIo): number {
  printJson(io, op);
  const reason = op.lastError && op.state !== 'done' ? ` (${op.lastError.message})` : '';
  io.stderr(`Operation ${op.id} ${STATE_WORDS[op.state]}${reason}.`);
  return op.state === 'failed' || op.state === 'uncertain' ? EXIT.operationFailed : EXIT.ok;
}

async function submitAndReport(ctx: CliStation, args: ParsedArgs, io: CliIo, request: OperationRequest): Promise<number> {
  const waitMs = nonNegative(args, 'wait') ?? 10_000;
  const accepted = await ctx.station.outbox.submit(request, operatorOf(args, ctx));
  return report(await waitSettled(ctx, accepted.id, waitMs), io);
}

/** A command whose whole job is to build one request and send it through the outbox. */
function mutation(
  name: string,
  summary: string,
  usage: string,
  build: (args: ParsedArgs, ctx: CliStation, io: CliIo) => Promise<unknown> | unknown,
  booleanFlags: string[] = [],
): Command {
  return {
    name,
    summary,
    usage: `${usage} ${COMMON}`,
    booleanFlags: ['read', ...booleanFlags],
    run: (args, io) =>
      withCliStation(args, io, async (ctx) => {
        const request = validated(await build(args, ctx, io));
        return submitAndReport(ctx, args, io, request);
      }),
  };
}

const room = (args: ParsedArgs) => ({
  roomNo: required(args, 'room'),
  buildNo: flagString(args, 'build'),
  floorNo: flagString(args, 'floor'),
});

const issueQr = mutation(
  'issue-qr',
  'Issue a QR room card (UCLBRT) through the outbox',
  'issue-qr --room R [--build B --floor F] --mobile M [--area-code 86] [--start T] [--end T] [--card-type room|floor|building] [--times N] [--normally-open] [--send-sms] [--loss-card] [--cipher none|period|one-time]',
  (args) => ({
    kind: 'uclbrt.qr.issue',
    input: {
      ...room(args),
      mobile: required(args, 'mobile'),
      areaCode: flagString(args, 'area-code'),
      start: flagString(args, 'start'),
      end: flagString(args, 'end'),
      cardType: flagString(args, 'card-type'),
      times: nonNegative(args, 'times'),
      opentype: flagBool(args, 'normally-open') ? 'normally-open' : 'single',
      sendSms: flagBool(args, 'send-sms'),
      isLost: flagBool(args, 'loss-card'),
      cipherType: flagString(args, 'cipher'),
      outInfo: flagString(args, 'out-info'),
    },
  }),
  ['normally-open', 'send-sms', 'loss-card'],
);

const issueProximity = mutation(
  'issue-proximity',
  'Issue a proximity room card (UCLBRT) for a card on the encoder or a given serial number',
  'issue-proximity (--serial-num S | --read) --room R [--build B --floor F] --end T [--lock-type L] [--owner NAME] [--owner-mobile M] [--normally-open] [--loss-card]',
  async (args, ctx, io) => ({
    kind: 'uclbrt.prox.issue',
    input: {
      serialNum: await serialFrom(args, ctx, io),
      ...room(args),
      end: required(args, 'end'),
      lockType: lockTypeFlag(args, ctx),
      owner: flagString(args, 'owner'),
      ownerMobile: flagString(args, 'owner-mobile'),
      opentype: flagBool(args, 'normally-open') ? 'normally-open' : 'single',
      isLost: flagBool(args, 'loss-card'),
    },
  }),
  ['normally-open', 'loss-card'],
);

const reportLost = mutation(
  'report-lost',
  'Report a QR card lost (or every card of its room with --whole-room)',
  'report-lost --card-no X [--whole-room]',
  (args) => ({ kind: 'uclbrt.qr.reportLost', input: { cardNo: required(args, 'card-no'), wholeRoom: flagBool(args, 'whole-room') } }),
  ['whole-room'],
);

const cancelQr = mutation('cancel-qr', 'Cancel a QR card', 'cancel-qr --card-no X', (args) => ({
  kind: 'uclbrt.qr.cancel',
  input: { cardNo: required(args, 'card-no') },
}));

const cancelProximity = mutation(
  'cancel-proximity',
  'Cancel a proximity card, read on the encoder or by serial number',
  'cancel-proximity (--serial-num S | --read) [--lock-type L]',
  async (args, ctx, io) => ({ kind: 'uclbrt.prox.cancel', input: { serialNum: await serialFrom(args, ctx, io), lockType: lockTypeFlag(args, ctx) } }),
);

const tuyaRef = (args: ParsedArgs) => ({ deviceId: required(args, 'device'), lockCardId: required(args, 'lock-card-id') });

const tuyaIssue = mutation(
  'tuya issue',
  'Issue a card to a Tuya lock (card id from the encoder with --read)',
  'tuya issue --device D (--card-id C | --read) [--start T] [--end T]',
  async (args, ctx, io) => ({
    kind: 'tuya.issue',
    input: { deviceId: required(args, 'device'), cardId: await serialFrom(args, ctx, io, 'card-id'), start: flagString(args, 'start'), end: flagString(args, 'end') },
  }),
);
const tuyaModify = mutation('tuya modify', 'Change a Tuya lock card validity', 'tuya modify --device D --lock-card-id L --start T --end T', (args) => ({
  kind: 'tuya.modify',
  input: { ...tuyaRef(args), start: required(args, 'start'), end: required(args, 'end') },
}));
const tuyaSimple = (verb: 'delete' | 'freeze' | 'unfreeze', summary: string) =>
  mutation(`tuya ${verb}`, summary, `tuya ${verb} --device D --lock-card-id L`, (args) => ({ kind: `tuya.${verb}`, input: tuyaRef(args) }));

const tuyaQuery: Command = {
  name: 'tuya query',
  summary: 'Ask the Tuya cloud about one lock card (read-only, not queued)',
  usage: 'tuya query --device D --lock-card-id L [--config FILE] [--json]',
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
    return await fn({ operations: new OperationStore(db), registry: new Registry(new CardStore(db), new AuditLog(db)) });
  } catch (err) {
    return reportCliFailure(err, args, io);
  } finally {
    db?.close();
  }
}

function statesFlag(args: ParsedArgs): OperationState[] | undefined {
  const v = flagString(args, 'state');
  if (v === undefined) return undefined;
  const states = v.split(',').map((s) => s.trim());
  for (const s of states) {
    if (!(OPERATION_STATES as readonly string[]).includes(s)) throw new UsageError(`--state must be among ${OPERATION_STATES.join(', ')}`);
  }
  return states as OperationState[];
}

const queueList: Command = {
  name: 'queue list',
  summary: 'List operations in the outbox, newest first',
  usage: 'queue list [--state queued,failed,...] [--subject S] [--limit N] [--offset N] [--config FILE] [--json]',
  run: (args, io) =>
    withStationData(args, io, async ({ operations }) => {
      const page = operations.list({ states: statesFlag(args), subject: flagString(args, 'subject'), limit: Math.min(1000, nonNegative(args, 'limit') || 100), offset: nonNegative(args, 'offset') ?? 0 });
      printJson(io, page);
      io.stderr(`${page.items.length} of ${page.total} operation(s).`);
      return EXIT.ok;
    }),
};

const queueDrain: Command = {
  name: 'queue drain',
  summary: 'Send everything waiting now (instead of at its next retry) and print the queue summary',
  usage: 'queue drain [--config FILE] [--json]',
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
    usage: `queue ${name} ID ${COMMON}`,
    run: (args, io) =>
      withCliStation(args, io, async (ctx) => {
        const id = args.positionals[0];
        if (!id) throw new UsageError('give the operation id');
        const op = name === 'retry' ? await ctx.station.outbox.retry(id, operatorOf(args, ctx)) : await ctx.station.outbox.discard(id, operatorOf(args, ctx));
        return report(name === 'retry' ? await waitSettled(ctx, op.id, nonNegative(args, 'wait') ?? 10_000) : op, io);
      }),
  };
}

const cardsFind: Command = {
  name: 'cards find',
  summary: 'Find cards this station dealt with, by room, mobile or card number',
  usage: 'cards find QUERY [--limit N] [--config FILE] [--json]',
  run: (args, io) =>
    withStationData(args, io, async ({ registry }) => {
      const query = args.positionals.join(' ').trim();
      if (!query) throw new UsageError('give a room, mobile number or card number to look for');
      const cards = await registry.find({ query, limit: Math.min(200, nonNegative(args, 'limit') || 50) });
      printJson(io, { items: cards, total: cards.length });
      io.stderr(`${cards.length} card(s) found.`);
      return EXIT.ok;
    }),
};

const auditExport: Command = {
  name: 'audit export',
  summary: 'Write the activity log to a CSV file',
  usage: 'audit export --csv FILE [--action A] [--operator NAME] [--from T] [--to T] [--query Q] [--config FILE] [--json]',
  run: (args, io) =>
    withStationData(args, io, async ({ registry }) => {
      const file = resolve(required(args, 'csv'));
      const parsed = auditFilterSchema.safeParse({ action: flagString(args, 'action'), operator: flagString(args, 'operator'), from: flagString(args, 'from'), to: flagString(args, 'to'), query: flagString(args, 'query') });
      if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('\n'));
      const { limit: _limit, offset: _offset, ...filter } = parsed.data;
      const { rows } = await registry.exportCsvFile(file, filter);
      printJson(io, { file, rows });
      io.stderr(`Wrote ${rows} entr${rows === 1 ? 'y' : 'ies'} to ${file}.`);
      return EXIT.ok;
    }),
};

/** Commands of the outbox issue. */
export const outboxCommands: Command[] = [
  issueQr,
  issueProximity,
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
