/**
 * From what went wrong to what the PMS is told: which outcome an error is (and so its FIAS `AS`
 * and HTTP `responseCode`, shared/domain/pms.ts), and the text in the station's language.
 */
import { PMS_OUTCOME_CODES, type PmsOutcome } from '../../../shared/domain/pms';
import { describeError, describeText, stationError, type ErrorCode, type Language, type StationError } from '../../../shared/errors';
import { StationFailure, toStationError } from '../failure';
import type { KeyResult } from './key-requests';

/** Error codes by the outcome they are; anything not listed is a general error. */
const OUTCOME_OF_CODE: ReadonlyArray<readonly [PmsOutcome, readonly string[]]> = [
  [
    'encoder-not-responding',
    [
      'pms.encoder-not-responding',
      'pms.encoder-not-here',
      'encoder.no-answer',
      'encoder.disconnected',
      'encoder.not-ready',
      'encoder.not-configured',
      'encoder.port-missing',
      'encoder.port-denied',
      'encoder.port-required',
      'encoder.port-not-allowed',
      'encoder.open-failed',
      'encoder.closed',
      'encoder.bad-frame',
      'encoder.command-failed',
      'encoder.hid-unavailable',
    ],
  ],
  ['encoder-busy', ['pms.encoder-busy', 'encoder.busy']],
  ['other-station', ['pms.other-station', 'encoder.port-busy']],
  ['no-card', ['pms.no-card']],
  ['card-timeout', ['pms.card-timeout', 'encoder.timeout']],
  // The room directory has no such room (or cannot tell which one); UCLBRT: building, floor or room not found, bad room id.
  [
    'unknown-room',
    [
      'rooms.unknown',
      'rooms.unknown-near',
      'rooms.ambiguous',
      'rooms.directory-empty',
      'outbox.room-unknown',
      'uclbrt.5005',
      'uclbrt.5006',
      'uclbrt.5007',
      'uclbrt.5050',
      'uclbrt.5113',
      'uclbrt.5211',
      'uclbrt.5214',
    ],
  ],
  // UCLBRT: card read failed, card unknown, card not identified.
  ['bad-card', ['pms.bad-card', 'uclbrt.5300', 'uclbrt.5307', 'uclbrt.5311']],
];

const OUTCOMES = new Map<string, PmsOutcome>(OUTCOME_OF_CODE.flatMap(([outcome, codes]) => codes.map((c) => [c, outcome] as const)));

export function outcomeOfError(error: StationError): PmsOutcome {
  return OUTCOMES.get(error.code) ?? 'general';
}

/** A failed request: the error keeps its own text; its code decides the outcome unless one is given. */
export function failed(err: unknown, operationIds: string[] = [], outcome?: PmsOutcome): KeyResult {
  const error = toStationError(err);
  return { outcome: outcome ?? outcomeOfError(error), text: { code: error.code, params: error.params ?? {} }, error, operationIds };
}

/** A failure described by one of the PMS catalogue's codes. */
export function failedWith(
  code: ErrorCode,
  params: Record<string, string | number>,
  operationIds: string[] = [],
  outcome?: PmsOutcome,
): KeyResult {
  return failed(new StationFailure(stationError(code, params)), operationIds, outcome);
}

export function succeeded(code: string, params: Record<string, string | number>, operationIds: string[]): KeyResult {
  return { outcome: 'ok', text: { code, params }, operationIds };
}

export function queued(code: string, params: Record<string, string | number>, operationIds: string[]): KeyResult {
  return { outcome: 'queued', text: { code, params }, operationIds };
}

/**
 * The clear text for the PMS (FIAS `CT`, HTTP `responseText`): what happened and, for an error,
 * what to do, in the station's language.
 */
export function answerText(result: Pick<KeyResult, 'text' | 'error' | 'notes'>, language: Language): string {
  const { text, action } = result.error
    ? describeError(result.error, language)
    : describeText(result.text.code, result.text.params, language);
  const notes = (result.notes ?? []).map((note) => {
    const n = describeError(note, language);
    return n.action ? `${n.text} ${n.action}` : n.text;
  });
  return [action ? `${text} ${action}` : text, ...notes].join(' ');
}

export function wireCodes(outcome: PmsOutcome): { fias: string; http: string } {
  return PMS_OUTCOME_CODES[outcome];
}
