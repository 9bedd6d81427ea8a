/** The outbox's queue on the command line: list it (read-only), send what waits, retry or discard one operation. */
import { OPERATION_STATES, type OperationState } from '../../../shared/domain/operations';
import { flagList, flagNumber, flagString } from '../args';
import { EXIT, type Command } from '../command';
import { printJson, withCliStation, withStationReader } from '../context';
import { CONFIG_FLAGS, MUTATION_FLAGS, OPERATOR_FLAG, STATION_FLAGS, text } from '../flags';
import { reportOperation, waitSettled } from '../operation-output';
import { nameOf } from '../operator';
import { explainWait } from '../../services/outbox/waiting';
import { checkRetry } from '../../services/staff/request-rules';

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
    withStationReader(args, io, async ({ data: { operations } }) => {
      const states = flagList(args, 'state') as OperationState[] | undefined;
      const page = operations.list({
        states,
        subject: flagString(args, 'subject'),
        limit: flagNumber(args, 'limit') ?? 100,
        offset: flagNumber(args, 'offset') ?? 0,
      });
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
      io.stderr(
        `Queued ${summary.queued}, failed ${summary.failed}, uncertain ${summary.uncertain}, done in the last 24 h ${summary.doneRecently}.`,
      );
      return summary.failed || summary.uncertain ? EXIT.operationFailed : EXIT.ok;
    }),
};

function byId(name: 'retry' | 'discard', summary: string): Command {
  return {
    name: `queue ${name}`,
    summary,
    positionals: [{ name: 'ID', help: "the operation's id (see queue list)", required: true }],
    flags: name === 'retry' ? MUTATION_FLAGS : [OPERATOR_FLAG, ...STATION_FLAGS],
    run: (args, io, operator) =>
      withCliStation(args, io, async (ctx) => {
        const id = args.positionals[0];
        if (name === 'retry') await checkRetry(ctx.station, id, operator!);
        const op =
          name === 'retry' ? await ctx.station.outbox.retry(id, nameOf(operator)) : await ctx.station.outbox.discard(id, nameOf(operator));
        return reportOperation(name === 'retry' ? await waitSettled(ctx, op.id, flagNumber(args, 'wait') ?? 10_000) : op, io, ctx);
      }),
  };
}

export const queueCommands: Command[] = [
  queueList,
  queueDrain,
  byId('retry', 'Send a failed or uncertain operation again (a person decided it is safe)'),
  byId('discard', 'Give up a waiting, failed or uncertain operation'),
];
