/**
 * The PMS interfaces of a station: starts the configured listeners (FIAS over TCP, the HTTP key
 * API), turns each request into a `KeyRequests` call, one at a time per encoder, answers within
 * the interface's deadline, and records every request and answer in the activity log (guest name
 * and mobile masked) and in the status.
 */
import type { StationConfig } from '../../../shared/config';
import { isLoopbackHost } from '../../../shared/config';
import type { PmsInterface, PmsListenerStatus, PmsStatus } from '../../../shared/domain/pms';
import { stationError, type Language } from '../../../shared/errors';
import type { NewAuditEntry } from '../audit/audit-log';
import type { StationEvents } from '../events';
import { StationFailure, toStationError } from '../failure';
import type { Logger } from '../logging/logger';
import type { Redactor } from '../logging/redact';
import type { SecretStore } from '../secrets/secret-store';
import type { Clock } from './clock';
import { describeRequest } from './describe';
import { EncoderQueues } from './encoder-queue';
import { fiasDescription, keyAnswer, keyRequestFromRecord } from './fias/key-records';
import type { FiasLinkOptions } from './fias/link';
import { FiasListener, LOOPBACK_PEERS } from './fias/listener';
import type { FiasRecord } from './fias/record';
import { HttpKeyApi } from './http/server';
import { perform, type KeyRequest, type KeyRequests, type KeyResult } from './key-requests';
import { answerText, failed, failedWith, queued, wireCodes } from './outcomes';
import { stationCardKind } from './card-kind';
import { PmsStatusTracker } from './status';
import { readPmsStatusFile, removePmsStatusFile, writePmsStatusFile } from './status-file';

/** OPERA waits 20 s for an answer; the station answers by 18 s so it arrives in time. */
export const HTTP_ANSWER_WITHIN_MS = 18_000;
/** Card waits and cloud waits stop this long before the answer is due, so the answer can be formed. */
const STOP_BEFORE_ANSWER_MS = 1_500;
/** A request whose turn on its encoder comes with less time than this left is answered "busy" instead of started. */
const MIN_WORK_MS = 2_000;
const STATUS_WRITE_MS = 250;
const MIN_TOKEN_LENGTH = 16;

export interface PmsServiceDeps {
  getConfig(): StationConfig;
  keys: KeyRequests;
  secrets: Pick<SecretStore, 'get'>;
  log: Logger;
  events: StationEvents;
  audit(entry: NewAuditEntry): void;
  redactor: Redactor;
  /** The hotel's wall-clock zone, where HTTP times with a zone are read (the room actions' zone). */
  timeZone?: () => string;
  /** Where the status file goes for `station pms status` (none: no file). */
  dataDir?: string;
  clock?: Clock;
  timing?: {
    /** HTTP answer deadline (default 18 s). */
    httpAnswerWithinMs?: number;
    fiasLink?: Pick<FiasLinkOptions, 'startRetryMs' | 'aliveIntervalMs' | 'silenceTimeoutMs' | 'startOnOpen'>;
  };
}

export interface RequestOrigin {
  /** `FIAS KR`, `HTTP New`: how the request arrived, for the log. */
  wire: string;
  peer?: string;
  /** The answer must leave by then (HTTP); FIAS has no such rule. */
  answerWithinMs?: number;
}

export interface PmsService {
  /** Starts the configured listeners; a listener that cannot start is an `error` in the status, not a throw. */
  start(): Promise<PmsStatus>;
  status(): PmsStatus;
  /** One key request from any interface (also what tests and the bench call directly). */
  handle(request: KeyRequest, origin: RequestOrigin): Promise<KeyResult>;
  close(): Promise<void>;
}

/** The encoder id the PMS uses for this station's encoder on an interface (`1` unless configured). */
export function pmsEncoderId(config: StationConfig, via: PmsInterface): string {
  return (via === 'fias' ? config.pms?.fias?.encoderId : config.pms?.http?.encoderId) ?? '1';
}

export function createPmsService(deps: PmsServiceDeps): PmsService {
  const { log } = deps;
  const queues = new EncoderQueues();
  let running = false;
  let fias: FiasListener | undefined;
  let http: HttpKeyApi | undefined;
  let statusTimer: NodeJS.Timeout | undefined;
  const config = () => deps.getConfig();
  const language = (): Language => config().language;

  const writeStatusSoon = () => {
    if (!running || !deps.dataDir || statusTimer) return;
    statusTimer = setTimeout(() => {
      statusTimer = undefined;
      if (!running || !deps.dataDir) return;
      try {
        writePmsStatusFile(deps.dataDir, tracker.snapshot(true));
      } catch (err) {
        log.warn('could not write the PMS status file', { error: String(err) });
      }
    }, STATUS_WRITE_MS);
    statusTimer.unref();
  };
  const tracker = new PmsStatusTracker(() => stationCardKind(config()), writeStatusSoon);

  const ownEncoderId = (via: PmsInterface) => pmsEncoderId(config(), via);

  function audit(action: string, operator: string, detail: string, extra: Partial<NewAuditEntry> = {}): void {
    try {
      deps.audit({ at: new Date().toISOString(), operator, action, detail: deps.redactor.text(detail), ...extra });
    } catch (err) {
      log.error('could not record a PMS request in the activity log', { action, error: String(err) });
    }
  }

  function answered(
    request: Pick<KeyRequest, 'via' | 'workstation'>,
    result: KeyResult,
    peer: string | undefined,
    action = 'pms.answer',
  ): void {
    const codes = wireCodes(result.outcome);
    const text = answerText(result, 'en');
    const ops = result.operationIds.length ? ` (operations: ${result.operationIds.join(', ')})` : '';
    const code = request.via === 'fias' ? `AS ${codes.fias}` : `responseCode ${codes.http}`;
    audit(action, `pms:${request.workstation}`, `${code}: ${text}${ops}`, {
      ...(result.error ? { error: deps.redactor.error(result.error) } : {}),
      ...(result.operationIds.length === 1 ? { operationId: result.operationIds[0] } : {}),
    });
    if (action === 'pms.answer') {
      tracker.record({
        at: new Date().toISOString(),
        interface: request.via,
        direction: 'out',
        ...(peer ? { peer } : {}),
        text: deps.redactor.text(`${code}: ${text}`),
        outcome: result.outcome,
      });
    }
    log.info('PMS answer', { via: request.via, outcome: result.outcome, code, operations: result.operationIds });
  }

  async function handle(request: KeyRequest, origin: RequestOrigin): Promise<KeyResult> {
    const r: KeyRequest = request.encoderId ? request : { ...request, encoderId: ownEncoderId(request.via) };
    const summary = describeRequest(r, origin.wire);
    audit('pms.request', `pms:${r.workstation}`, summary);
    tracker.record({
      at: new Date().toISOString(),
      interface: r.via,
      direction: 'in',
      ...(origin.peer ? { peer: origin.peer } : {}),
      text: deps.redactor.text(summary),
    });
    log.info('PMS request', { via: r.via, summary: deps.redactor.text(summary), peer: origin.peer });

    const controller = new AbortController();
    const task = `pms:${r.encoderId}`;
    const timers: NodeJS.Timeout[] = [];
    const stopAt =
      origin.answerWithinMs === undefined ? undefined : Date.now() + Math.max(0, origin.answerWithinMs - STOP_BEFORE_ANSWER_MS);
    if (stopAt !== undefined) timers.push(setTimeout(() => controller.abort(), stopAt - Date.now()));
    // Short deadlines (tests) scale the minimum down: half the time a request has to work.
    const minWork = stopAt === undefined ? 0 : Math.min(MIN_WORK_MS, (stopAt - Date.now()) / 2);
    const job = {
      signal: controller.signal,
      progress: (p: { phase: 'place-card' | 'sending'; room: string; n: number; total: number }) => {
        const code = p.phase === 'place-card' ? 'pms.progress.place-card' : 'pms.progress.sending';
        const params = { room: p.room, n: p.n, total: p.total };
        deps.events.emit('progress', {
          task,
          label: answerText({ text: { code, params } }, 'en'),
          done: p.phase === 'place-card' ? p.n - 1 : p.total,
          total: p.total,
          text: { code, params },
        });
      },
    };
    const work = queues
      .run(
        r.encoderId,
        () => perform(deps.keys, r, job),
        controller.signal,
        () => stopAt === undefined || stopAt - Date.now() >= minWork,
      )
      .then((run) =>
        run.started ? run.value : failedWith('pms.encoder-busy', { encoder: r.encoderId, ahead: run.ahead }, [], 'encoder-busy'),
      )
      .catch((err: unknown) => failed(err));
    let result: KeyResult;
    if (origin.answerWithinMs === undefined) result = await work;
    else {
      const started = Date.now();
      const late = new Promise<KeyResult>((resolve) => {
        timers.push(
          setTimeout(
            () => resolve(queued('pms.queued.in-progress', { room: r.roomId, seconds: Math.round((Date.now() - started) / 1000) }, [])),
            origin.answerWithinMs,
          ),
        );
      });
      result = await Promise.race([work, late]);
      if (result.outcome === 'queued' && result.text.code === 'pms.queued.in-progress' && !result.operationIds.length) {
        // The answer went out first; the activity log still gets what really happened.
        void work.then((finalResult) => answered(r, finalResult, origin.peer, 'pms.finished'));
      }
    }
    timers.forEach(clearTimeout);
    answered(r, result, origin.peer);
    const done = { room: r.roomId, n: r.count, total: r.count };
    deps.events.emit('progress', {
      task,
      label: answerText(result, 'en'),
      done: Math.max(1, r.count),
      total: Math.max(1, r.count),
      text: result.error
        ? { code: result.error.code, params: result.error.params ?? {} }
        : { code: result.text.code, params: { ...done, ...result.text.params } },
    });
    return result;
  }

  /** A FIAS key record: read it, run it, answer `KA` on the same link. */
  function onKeyRecord(record: FiasRecord, peer: string, answer: (record: FiasRecord) => void): void {
    const reading = keyRequestFromRecord(record, { nowMs: Date.now(), mobileField: config().pms?.fias?.mobileField });
    const reply = (result: KeyResult) =>
      answer(keyAnswer(record, { as: wireCodes(result.outcome).fias, text: answerText(result, language()) }));
    if (!reading.ok) {
      const workstation = record.fields.find(([id]) => id === 'WS')?.[1] || 'fias';
      audit('pms.request', `pms:${workstation}`, `FIAS ${record.type}: not a valid key record (${reading.error.params?.detail ?? ''})`);
      tracker.record({ at: new Date().toISOString(), interface: 'fias', direction: 'in', peer, text: `FIAS ${record.type} (not valid)` });
      const result = failed(new StationFailure(reading.error));
      answered({ via: 'fias', workstation }, result, peer);
      reply(result);
      return;
    }
    void handle(reading.request, { wire: `FIAS ${record.type}`, peer }).then(reply, (err: unknown) => reply(failed(err)));
  }

  async function startFias(): Promise<void> {
    const settings = config().pms?.fias;
    if (!settings) return;
    const allow = settings.allow ?? LOOPBACK_PEERS;
    tracker.listener({ interface: 'fias', state: 'starting', host: settings.host, port: settings.port, allow: [...allow] });
    const listener = new FiasListener({
      host: settings.host,
      port: settings.port,
      allow,
      description: () => fiasDescription(Date.now(), config().pms?.fias?.mobileField),
      onKeyRecord: (record, peer, answer) => onKeyRecord(record, `${peer.address}:${peer.port}`, answer),
      onPeer: (peer, status) => tracker.peer(peer.id, status),
      onLinkEvent: (peer, e) => {
        if (e.kind === 'bad-record')
          tracker.record({
            at: new Date().toISOString(),
            interface: 'fias',
            direction: 'in',
            peer: `${peer.address}:${peer.port}`,
            text: `record skipped: ${e.reason}`,
          });
      },
      log,
      clock: deps.clock,
      link: deps.timing?.fiasLink,
    });
    try {
      const bound = await listener.start();
      fias = listener;
      tracker.listener({ interface: 'fias', state: 'listening', host: bound.host, port: bound.port, allow: [...allow] });
      log.info('PMS FIAS interface listening', { host: bound.host, port: bound.port, allow });
    } catch (err) {
      const error = stationError('pms.listen-failed', {
        interface: 'FIAS',
        host: settings.host,
        port: settings.port,
        detail: (err as Error).message,
      });
      tracker.listener({ interface: 'fias', state: 'error', host: settings.host, port: settings.port, allow: [...allow], error });
      log.error(error.message, { code: error.code });
    }
  }

  async function startHttp(): Promise<void> {
    const settings = config().pms?.http;
    if (!settings) return;
    const token = (await deps.secrets.get('pms.httpToken')) || undefined;
    const base: PmsListenerStatus = {
      interface: 'http',
      state: 'starting',
      host: settings.host,
      port: settings.port,
      tokenRequired: Boolean(token),
    };
    tracker.listener(base);
    if ((!isLoopbackHost(settings.host) && !token) || (token !== undefined && token.length < MIN_TOKEN_LENGTH)) {
      const error = stationError('pms.http-token-required', { host: settings.host });
      tracker.listener({ ...base, state: 'error', error });
      log.error(error.message, { code: error.code });
      return;
    }
    const api = new HttpKeyApi({
      host: settings.host,
      port: settings.port,
      token,
      language,
      timeZone: () => deps.timeZone?.() ?? config().uclbrt?.timezone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
      handle: (request, peer) =>
        handle(request, { wire: `HTTP ${request.action}`, peer, answerWithinMs: deps.timing?.httpAnswerWithinMs ?? HTTP_ANSWER_WITHIN_MS }),
      onRejected: (detail, peer, result) => {
        audit('pms.request', 'pms:http', `HTTP: not a valid key request (${detail})`);
        tracker.record({ at: new Date().toISOString(), interface: 'http', direction: 'in', peer, text: 'HTTP request (not valid)' });
        answered({ via: 'http', workstation: 'http' }, result, peer);
      },
      log,
    });
    try {
      const bound = await api.start();
      http = api;
      tracker.listener({ ...base, state: 'listening', host: bound.host, port: bound.port });
      log.info('PMS HTTP key API listening', { host: bound.host, port: bound.port, tokenRequired: Boolean(token) });
    } catch (err) {
      const error = stationError('pms.listen-failed', {
        interface: 'HTTP',
        host: settings.host,
        port: settings.port,
        detail: (err as Error).message,
      });
      tracker.listener({ ...base, state: 'error', error });
      log.error(error.message, { code: error.code });
    }
  }

  return {
    async start() {
      if (running) return tracker.snapshot(true);
      running = true;
      tracker.started(new Date().toISOString());
      try {
        await Promise.all([startFias(), startHttp()]);
      } catch (err) {
        log.error('PMS interfaces could not start', { error: toStationError(err).message });
      }
      if (deps.dataDir) {
        try {
          writePmsStatusFile(deps.dataDir, tracker.snapshot(true));
        } catch (err) {
          log.warn('could not write the PMS status file', { error: String(err) });
        }
      }
      return tracker.snapshot(true);
    },
    status: () => {
      if (running) return tracker.snapshot(true);
      // The app or `station pms serve` may run them for this data folder; its status file says.
      const elsewhere = deps.dataDir ? readPmsStatusFile(deps.dataDir) : undefined;
      if (!elsewhere) return tracker.snapshot(false);
      const { writtenAt: _writtenAt, ...status } = elsewhere;
      return status;
    },
    handle,
    async close() {
      if (!running) return;
      running = false;
      clearTimeout(statusTimer);
      statusTimer = undefined;
      await Promise.all([fias?.close(), http?.close()]);
      fias = undefined;
      http = undefined;
      if (deps.dataDir) {
        try {
          removePmsStatusFile(deps.dataDir);
        } catch {
          // A status file left behind names a process that is gone: `pms status` ignores it.
        }
      }
    },
  };
}
