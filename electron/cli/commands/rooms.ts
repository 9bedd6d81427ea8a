/**
 * CLI twins of the rooms screen and the room actions (issue 13). ROOM is the directory's display
 * name or `building-floor-room`. Actions go through the same room-actions service as the desk:
 * every operation committed at once, then sent in order; the command waits up to --wait MS and
 * prints the action (its steps, each done / queued / failed).
 */
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { RoomActionRequestInput, RoomActionView, RoomCard, RoomReportKind, RoomSummary } from '../../../shared/domain/rooms';
import { ROOM_STATES } from '../../../shared/domain/rooms';
import { flagBool, flagNumber, flagString, UsageError, type ParsedArgs } from '../args';
import { EXIT, type CliIo, type Command, type FlagSpec } from '../command';
import { printJson, withCliStation, type CliStation } from '../context';
import { OPERATOR_FLAG, STATION_FLAGS } from '../flags';
import type { SignedInOperator } from '../../../shared/staff';
import { checkExportTarget, EXPORT_TARGET_CODES, openExportFile } from '../../services/audit/export-file';
import { StationFailure } from '../../services/failure';
import { findErrorEntry, stationError } from '../../../shared/errors';
import { required } from '../args';
import { serialFrom } from '../card-serial';
import { MUTATION_FLAGS, serialFlags, text, toggle } from '../flags';
import { tellDecision } from '../operation-output';
import { nameOf } from '../operator';

const ROOM_FLAG = text('room', 'ROOM', 'The room: its display name ("1203") or building-floor-room ("1-12-03")', true);
const ROOM_PART_FLAGS: readonly FlagSpec[] = [
  text('build', 'B', 'Building number (with --floor; then --room is the room number)'),
  text('floor', 'F', 'Floor number (with --build)'),
];
const YES_FLAG = toggle(
  'yes',
  'Go on although the room has active cards: they stop working (without it the command lists them and exits 4)',
);
const MODE_FLAGS: readonly FlagSpec[] = [
  toggle('new', "New key for a new stay (the default): the room's active cards stop working first (needs --yes when there are any)"),
  toggle('duplicate', 'Duplicate key: one more card for the current stay, with its validity'),
];
const MAX_IMPORT_BYTES = 1_000_000;

/** ROOM, or `--build B --floor F --room R` put together as `B-F-R`. */
function roomName(args: ParsedArgs): string {
  const room = required(args, 'room');
  const build = flagString(args, 'build');
  const floor = flagString(args, 'floor');
  if (build === undefined && floor === undefined) return room;
  if (!build || !floor) throw new UsageError('--build and --floor go together: give both or neither');
  return `${build}-${floor}-${room}`;
}

const cardLine = (c: RoomCard) =>
  `  - ${c.kind} ${c.label || '(new card)'}: ${c.status}${c.validTo ? `, valid until ${c.validTo.replace('T', ' ')}` : ''}${c.holderMobile ? `, ${c.holderMobile}` : ''}`;

/**
 * Prints the action (JSON on stdout, one line per card on stderr) and maps it to the exit code: 0
 * when every step is done or on its way, 4 when one failed or waits for a decision (named, with the
 * command that settles it).
 */
async function reportAction(action: RoomActionView, io: CliIo, ctx: CliStation): Promise<number> {
  printJson(io, action);
  io.stderr(`${action.action} of room ${action.roomName}: ${action.status}.`);
  for (const step of action.steps) {
    const reason = step.waitingFor
      ? ` (${step.waitingFor.reason.message})`
      : step.lastError && step.progress !== 'done'
        ? ` (${step.lastError.message})`
        : '';
    io.stderr(`  ${step.role} ${step.cardKind} ${step.cardLabel || '(new card)'}: ${step.progress}${reason}`);
  }
  for (const note of action.notes) io.stderr(`Note: ${note.message}`);
  const held = action.steps.find((s) => s.waitingFor?.needsDecision);
  if (held?.waitingFor) await tellDecision(held.waitingFor, io, ctx);
  else {
    const stuck = action.steps.find((s) => s.state === 'failed' || s.state === 'uncertain');
    if (stuck)
      await tellDecision(
        {
          operationId: stuck.operationId,
          kind: stuck.operationKind,
          state: stuck.state,
          needsDecision: true,
          reason: stuck.lastError ?? stationError('outbox.uncertain'),
        },
        io,
        ctx,
      );
  }
  return action.status === 'needs-attention' ? EXIT.operationFailed : EXIT.ok;
}

/**
 * New stay and check-out stop the room's active cards: without --yes the command lists them and
 * exits 4 (nothing is queued); with it, exactly the listed cards are confirmed.
 */
async function runAction(
  ctx: CliStation,
  args: ParsedArgs,
  io: CliIo,
  request: RoomActionRequestInput,
  signedIn: SignedInOperator | undefined,
): Promise<number> {
  const operator = nameOf(signedIn);
  const withRevoke = request.action === 'new-stay' || request.action === 'check-out';
  if (withRevoke) {
    const plan = await ctx.station.rooms.preview(request);
    if (plan.revoke.length && !flagBool(args, 'yes')) {
      const error = stationError('rooms.confirm-required', {
        room: plan.room.displayName,
        count: plan.revoke.length,
        cards: plan.revoke.map((c) => c.label || c.kind).join(', '),
      });
      io.stderr(`Room ${plan.room.displayName} has ${plan.revoke.length} active card(s) that will stop working:`);
      for (const c of plan.revoke) io.stderr(cardLine(c));
      io.stderr('Nothing was queued. Check them with the guest, then run the command again with --yes.');
      if (flagBool(args, 'json')) printJson(io, { ok: false, error, cards: plan.revoke });
      return EXIT.operationFailed;
    }
    (request as { confirmRevoke?: string[] }).confirmRevoke = plan.revoke.map((c) => c.id);
  }
  const accepted = await ctx.station.rooms.act(request, operator);
  const settled = await ctx.station.rooms.waitAction(accepted.id, flagNumber(args, 'wait') ?? 10_000);
  return reportAction(settled, io, ctx);
}

function mode(args: ParsedArgs): 'new' | 'duplicate' {
  if (flagBool(args, 'new') && flagBool(args, 'duplicate')) throw new UsageError('give --new or --duplicate, not both');
  return flagBool(args, 'duplicate') ? 'duplicate' : 'new';
}

/** `issue-qr` / `issue-proximity`: the card kind is the command's, the lock and its type come from the room. */
function issueCommand(kind: 'qr' | 'proximity'): Command {
  const qr = kind === 'qr';
  const flags: FlagSpec[] = [
    ROOM_FLAG,
    ...ROOM_PART_FLAGS,
    ...MODE_FLAGS,
    YES_FLAG,
    ...(qr
      ? [
          text('mobile', 'M', "The guest's mobile number (the QR code goes to it; with --duplicate the stay's guest by default)"),
          text('area-code', 'CODE', 'Mobile area code (default 86)'),
          text('start', 'T', 'Valid from (YYYY-MM-DDTHH:mm; default now; --new only)'),
          toggle('send-sms', 'Send the QR code by SMS'),
          {
            name: 'times',
            type: 'integer',
            value: 'N',
            min: 0,
            max: 254,
            help: 'How many openings (QRA locks; default no limit)',
          } as FlagSpec,
          {
            name: 'cipher',
            type: 'string',
            choices: ['none', 'period', 'one-time'],
            help: 'A password with the card (QRP locks; default none)',
          } as FlagSpec,
          text('out-info', 'TEXT', 'Your own reference, kept with the card'),
        ]
      : [
          ...serialFlags('serial-num', "The card's serial number"),
          text('owner', 'NAME', "The guest's name"),
          text('owner-mobile', 'M', "The guest's mobile number"),
        ]),
    text('end', 'T', "Valid until (YYYY-MM-DDTHH:mm; --new only: a duplicate has the stay's validity)"),
    toggle('normally-open', 'The card can leave the lock open'),
    ...MUTATION_FLAGS,
  ];
  return {
    name: qr ? 'issue-qr' : 'issue-proximity',
    summary: qr
      ? 'Issue a QR card for a room (UCLBRT): a new stay (--new, default) or a duplicate key (--duplicate)'
      : 'Issue a proximity card for a room (UCLBRT) on a card read on the encoder or given by serial number: --new (default) or --duplicate',
    notes:
      "--new stops the room's active cards first (of every cloud, in order) and needs --yes when there are any; --duplicate adds a card with the current stay's validity and is refused when the room has no stay. The lock type comes from the room directory.",
    flags,
    run: (args, io, operator) =>
      withCliStation(args, io, async (ctx) => {
        const which = mode(args);
        const room = roomName(args);
        if (which === 'duplicate' && (flagString(args, 'end') !== undefined || (qr && flagString(args, 'start') !== undefined))) {
          throw new UsageError("a duplicate key has the current stay's validity: leave out --start and --end");
        }
        if (which === 'new' && flagString(args, 'end') === undefined) throw new UsageError('--end is required for a new stay');
        const card = qr
          ? {
              cardKind: 'qr' as const,
              mobile: flagString(args, 'mobile'),
              areaCode: flagString(args, 'area-code'),
              sendSms: flagBool(args, 'send-sms'),
              times: flagNumber(args, 'times'),
              cipherType: flagString(args, 'cipher') as 'none' | 'period' | 'one-time' | undefined,
              outInfo: flagString(args, 'out-info'),
            }
          : {
              cardKind: 'proximity' as const,
              serialNum: await serialFrom(args, ctx, io),
              owner: flagString(args, 'owner'),
              mobile: flagString(args, 'owner-mobile'),
            };
        const common = { room, ...card, opentype: flagBool(args, 'normally-open') ? ('normally-open' as const) : ('single' as const) };
        const request: RoomActionRequestInput =
          which === 'duplicate'
            ? { action: 'duplicate', ...common }
            : { action: 'new-stay', ...common, start: qr ? flagString(args, 'start') : undefined, end: flagString(args, 'end')! };
        return runAction(ctx, args, io, request, operator);
      }),
  };
}

const checkout: Command = {
  name: 'checkout',
  summary: 'Check a room out: every active card of the room, of every cloud, stops working, in order',
  notes: 'Without --yes it lists the cards that would stop working and exits 4; nothing is queued.',
  flags: [ROOM_FLAG, ...ROOM_PART_FLAGS, YES_FLAG, ...MUTATION_FLAGS],
  run: (args, io, operator) =>
    withCliStation(args, io, (ctx) => runAction(ctx, args, io, { action: 'check-out', room: roomName(args) }, operator)),
};

const extend: Command = {
  name: 'extend',
  summary:
    "Extend a room's stay to a new end: Tuya cards get the new validity, QR cards a new card (the old one stops only after it works), proximity cards are written again",
  flags: [
    ROOM_FLAG,
    ...ROOM_PART_FLAGS,
    text('end', 'T', 'The new end (YYYY-MM-DDTHH:mm)', true),
    toggle('send-sms', 'Send the new QR cards by SMS'),
    ...MUTATION_FLAGS,
  ],
  run: (args, io, operator) =>
    withCliStation(args, io, (ctx) =>
      runAction(
        ctx,
        args,
        io,
        { action: 'extend', room: roomName(args), end: required(args, 'end'), sendSms: flagBool(args, 'send-sms') },
        operator,
      ),
    ),
};

function roomRow(r: RoomSummary): string[] {
  const work = [
    r.work.queued && `${r.work.queued} queued`,
    r.work.failed && `${r.work.failed} failed`,
    r.work.uncertain && `${r.work.uncertain} uncertain`,
  ]
    .filter(Boolean)
    .join(', ');
  return [
    r.displayName,
    r.key,
    r.state,
    r.stayEnd?.replace('T', ' ') ?? '',
    String(r.cards.active + r.cards.pending),
    r.cardKinds.join('/'),
    work,
  ];
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows
    .map((r) =>
      r
        .map((cell, i) => cell.padEnd(widths[i]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

const roomsList: Command = {
  name: 'rooms list',
  summary: 'The rooms of the directory with their state (vacant, occupied, due out today, overstayed) and queued or failed work',
  flags: [
    text('floor', 'F', 'Only this floor (a floor number, or building-floor)'),
    { name: 'state', type: 'string', choices: ROOM_STATES, help: 'Only rooms in this state' },
    ...STATION_FLAGS,
  ],
  run: (args, io) =>
    withCliStation(
      args,
      io,
      async (ctx) => {
        const list = await ctx.station.rooms.list({
          floor: flagString(args, 'floor'),
          state: flagString(args, 'state') as RoomSummary['state'] | undefined,
        });
        if (flagBool(args, 'json')) printJson(io, list);
        else io.stdout(table([['ROOM', 'KEY', 'STATE', 'UNTIL', 'CARDS', 'KINDS', 'WORK'], ...list.items.map(roomRow)]));
        io.stderr(`${list.total} room(s)${list.refreshedAt ? `; directory refreshed ${list.refreshedAt}` : ''}.`);
        return EXIT.ok;
      },
      { sendQueued: false },
    ),
};

const roomsShow: Command = {
  name: 'rooms show',
  summary: 'One room: its state, stay, every active card of every cloud (with what is pending on it), recent actions',
  positionals: [{ name: 'ROOM', help: 'the display name or building-floor-room', required: true }],
  flags: STATION_FLAGS,
  run: (args, io) =>
    withCliStation(
      args,
      io,
      async (ctx) => {
        const details = await ctx.station.rooms.show({ room: args.positionals[0] });
        if (flagBool(args, 'json')) {
          printJson(io, details);
          return EXIT.ok;
        }
        const { room, stay } = details;
        io.stdout(`Room ${room.displayName} (${room.key}): ${room.state}${room.stayEnd ? ` until ${room.stayEnd.replace('T', ' ')}` : ''}`);
        io.stdout(
          `Locks: ${[room.lockType && `UCLBRT ${room.lockType}`, room.tuya && `Tuya ${room.tuya.deviceId}`].filter(Boolean).join(', ') || 'none'}; cards: ${room.cardKinds.join(', ') || 'none'}`,
        );
        if (stay) io.stdout(`Stay: ${stay.cards} card(s)${stay.holderMobile ? `, guest ${stay.holderMobile}` : ''}`);
        for (const c of details.cards) {
          io.stdout(cardLine(c));
          for (const p of c.pending)
            io.stdout(
              `      ${p.kind} ${p.state}${p.notice ? `: ${p.notice.message}` : p.waitingFor ? `: ${p.waitingFor.reason.message}` : ''}`,
            );
        }
        for (const a of details.actions.slice(0, 5)) io.stdout(`Action ${a.action} by ${a.operator} at ${a.createdAt}: ${a.status}`);
        return EXIT.ok;
      },
      { sendQueued: false },
    ),
};

const roomsImport: Command = {
  name: 'rooms import',
  summary:
    'Import rooms from a CSV file (display name, building, floor, room, lock type, tuya device id, pms card kind); all lines or none',
  positionals: [{ name: 'FILE.csv', help: 'the CSV file (UTF-8, at most 1 MB; the first line names the columns)', required: true }],
  flags: [OPERATOR_FLAG, ...STATION_FLAGS],
  run: (args, io, operator) =>
    withCliStation(
      args,
      io,
      async (ctx) => {
        const file = resolve(args.positionals[0]);
        let csv: string;
        try {
          if (statSync(file).size > MAX_IMPORT_BYTES) throw new UsageError(`${file} is larger than 1 MB`);
          csv = new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(file));
        } catch (err) {
          if (err instanceof UsageError) throw err;
          throw new UsageError(`${file} cannot be read as UTF-8 text: ${err instanceof Error ? err.message : String(err)}`);
        }
        const result = await ctx.station.rooms.importCsv({ csv }, nameOf(operator));
        printJson(io, result);
        if (!result.applied) {
          io.stderr(stationError('rooms.import-rejected', { count: result.errors.length }).message);
          for (const e of result.errors) io.stderr(`  line ${e.line}: ${e.error.message}`);
          return EXIT.usage;
        }
        io.stderr(`Imported: ${result.added} added, ${result.updated} updated, ${result.unchanged} unchanged.`);
        return EXIT.ok;
      },
      { sendQueued: false },
    ),
};

const roomsRefresh: Command = {
  name: 'rooms refresh',
  summary: "Reload the room directory from UCLBRT's room tree and the configured Tuya locks",
  flags: [OPERATOR_FLAG, ...STATION_FLAGS],
  run: (args, io, operator) =>
    withCliStation(
      args,
      io,
      async (ctx) => {
        const result = await ctx.station.rooms.refresh(nameOf(operator));
        printJson(io, result);
        io.stderr(`${result.total} room(s): ${result.added} added, ${result.updated} updated, ${result.removed} removed.`);
        if (result.sources.uclbrt.error) io.stderr(result.sources.uclbrt.error.message);
        for (const deviceId of result.sources.tuya.unmapped) io.stderr(stationError('rooms.tuya-unmapped', { deviceId }).message);
        return result.sources.uclbrt.configured && !result.sources.uclbrt.ok ? EXIT.operationFailed : EXIT.ok;
      },
      { sendQueued: false },
    ),
};

/** A CSV file for a spreadsheet (UTF-8 with BOM), by the same rules as the activity log export. */
async function writeCsvFile(file: string, dataDir: string, overwrite: boolean, csv: string): Promise<void> {
  try {
    checkExportTarget(file, dataDir, { overwrite });
    const out = await openExportFile(file, { overwrite });
    try {
      await out.write(`\uFEFF${csv}`);
      await out.finish();
    } catch (err) {
      await out.abort();
      throw err;
    }
  } catch (err) {
    // Another file name fixes these: a usage error (exit 2), with what to do.
    if (err instanceof StationFailure && EXPORT_TARGET_CODES.has(err.error.code)) {
      throw new UsageError(`${err.error.message} ${findErrorEntry(err.error.code)?.actionEn ?? ''}`.trim(), err.error);
    }
    throw err;
  }
}

function reportCommand(name: string, report: RoomReportKind, summary: string): Command {
  const flags: FlagSpec[] = [
    ...(report === 'expiring'
      ? [
          {
            name: 'hours',
            type: 'integer',
            value: 'N',
            min: 1,
            max: 720,
            help: 'Cards running out within N hours (default 24)',
          } as FlagSpec,
        ]
      : []),
    text('csv', 'FILE', 'Write the report as CSV to FILE (outside the data folder; its folder must exist)'),
    toggle('force', 'With --csv: replace FILE if it exists'),
    ...STATION_FLAGS,
  ];
  return {
    name: `report ${name}`,
    summary,
    flags,
    run: (args, io) =>
      withCliStation(
        args,
        io,
        async (ctx) => {
          const request = { report, hours: report === 'expiring' ? (flagNumber(args, 'hours') ?? 24) : 24 };
          const result = await ctx.station.rooms.report(request);
          const csvFile = flagString(args, 'csv');
          if (csvFile) {
            const file = resolve(csvFile);
            await writeCsvFile(file, ctx.dataDir, flagBool(args, 'force'), (await ctx.station.rooms.reportCsv(request)).csv);
            io.stderr(`Wrote ${result.rows.length} row(s) to ${file}.`);
          }
          if (flagBool(args, 'json') || csvFile) printJson(io, result);
          else
            io.stdout(
              table([
                ['ROOM', 'KEY', 'STATE', 'STAY END', 'CARD', 'VALID UNTIL'],
                ...result.rows.map((r) => [
                  r.roomName,
                  r.roomKey,
                  r.state,
                  r.stayEnd?.replace('T', ' ') ?? '',
                  r.cardLabel ?? '',
                  r.validTo?.replace('T', ' ') ?? '',
                ]),
              ]),
            );
          io.stderr(`${result.rows.length} row(s).`);
          return EXIT.ok;
        },
        { sendQueued: false },
      ),
  };
}

export const roomsCommands: Command[] = [
  issueCommand('qr'),
  issueCommand('proximity'),
  checkout,
  extend,
  roomsList,
  roomsShow,
  roomsImport,
  roomsRefresh,
  reportCommand('rooms-due-out', 'due-out', 'Rooms whose stay ends today (CSV with --csv FILE)'),
  reportCommand('overstays', 'overstays', 'Rooms with cards still active after the stay ended (CSV with --csv FILE)'),
  reportCommand('cards-expiring', 'expiring', 'Active cards that run out within --hours N (CSV with --csv FILE)'),
];
