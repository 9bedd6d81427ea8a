/**
 * How a command that queued an operation ends: it waits up to --wait MS for the cloud, prints the
 * operation as JSON, says in a sentence what became of it, and maps that to the exit code.
 */
import { operationRequestSchema, type Operation, type OperationRequest, type OperationState } from '../../shared/domain/operations';
import type { SignedInOperator } from '../../shared/staff';
import { checked, flagNumber, type ParsedArgs } from './args';
import { EXIT, type CliIo } from './command';
import { printJson, type CliStation } from './context';
import { nameOf } from './operator';

/** Validates a request the way the IPC layer does (the CLI is a boundary too); problems are usage errors naming the flag's field. */
export function validated(request: unknown): OperationRequest {
  return checked(operationRequestSchema, request, (field) => field.replace(/^input\./, '') || 'request');
}

export async function waitSettled(ctx: CliStation, id: string, waitMs: number): Promise<Operation> {
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
export async function reportOperation(op: Operation, io: CliIo, ctx: CliStation): Promise<number> {
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
  if (!blocker) {
    // Held by another desk's operation (the site): settled there, not with this desk's queue commands.
    io.stderr(`Waiting for a decision: ${wait.reason.message}`);
    return;
  }
  const why = blocker.lastError ? ` (${blocker.lastError.message})` : '';
  io.stderr(`Waiting for a decision: ${wait.kind} ${wait.operationId} is ${wait.state}${why}.`);
  io.stderr(
    wait.state === 'uncertain'
      ? `Check in the cloud whether it arrived, then run "queue retry ${wait.operationId}" (it did not arrive) or "queue discard ${wait.operationId}" (it did); this operation follows by itself.`
      : `Run "queue retry ${wait.operationId}" to send it again, or "queue discard ${wait.operationId}" to give it up; this operation follows by itself.`,
  );
}

export async function submitAndReport(
  ctx: CliStation,
  args: ParsedArgs,
  io: CliIo,
  request: OperationRequest,
  operator: SignedInOperator | undefined,
): Promise<number> {
  const waitMs = flagNumber(args, 'wait') ?? 10_000;
  const accepted = await ctx.station.outbox.submit(request, nameOf(operator));
  return reportOperation(await waitSettled(ctx, accepted.id, waitMs), io, ctx);
}
