/**
 * The station's services as the IPC handlers and the CLI see them. Each area implements its
 * interface in its own folder (encoder/, cloud/, outbox/, registry/, settings/); station.ts wires
 * them from a StationConfig. None of them imports electron.
 */
import type { RequestInputOf, RequestOf, ResponseOf } from '../../shared/ipc/contract';
import type { CardRead, DeskEncoderJob, EncoderHold, EncoderStatus, PortInfo } from '../../shared/domain/encoder';
import type { HoldingWindow } from './encoder/desk-holds';
import type { EncoderOwner } from './encoder/lease';
import type { CloudStatus } from '../../shared/domain/cloud';
import type { Operation, OperationRequest, QueueSummary } from '../../shared/domain/operations';
import type { SettingsView } from '../../shared/settings';

export interface EncoderService {
  status(): EncoderStatus;
  /**
   * Waits for a card on the encoder (or returns the one already there), holding the encoder for the
   * wait as `owner` (a desk window's own owner, so it shares the encoder with that window's holds).
   */
  read(timeoutMs: number, owner?: EncoderOwner): Promise<CardRead>;
  /** A desk window's screen takes the encoder for its job (encoder/desk-holds.ts); throws `encoder.busy` naming the holder. */
  hold(window: HoldingWindow, request: { job: DeskEncoderJob; room?: string }, operator: string): EncoderHold;
  /** Gives a desk hold back; false when it had already ended. */
  releaseHold(window: HoldingWindow, holdId: string): boolean;
  test(request: RequestOf<'encoder:test'>): Promise<EncoderStatus>;
  ports(): Promise<PortInfo[]>;
  /** Who has the encoder now (a desk window's job, a PMS request), if anyone: see encoder/lease.ts. */
  leaseHolder(): EncoderOwner | undefined;
  /** Only the simulator driver supports this; others fail with a clear error. */
  simulate(request: RequestOf<'encoder:simulate'>): Promise<EncoderStatus>;
  close(): Promise<void>;
}

export interface CloudService {
  status(): CloudStatus[];
  lookup(request: RequestOf<'cloud:lookup'>): Promise<ResponseOf<'cloud:lookup'>>;
  macList(): Promise<string[]>;
  testConnection(request: RequestOf<'cloud:testConnection'>): Promise<ResponseOf<'cloud:testConnection'>>;
  close(): Promise<void>;
}

export interface OutboxService {
  submit(request: OperationRequest, operator: string): Promise<Operation>;
  list(request: RequestOf<'operations:list'>): Promise<ResponseOf<'operations:list'>>;
  get(id: string): Promise<Operation>;
  retry(id: string, operator: string): Promise<Operation>;
  discard(id: string, operator: string): Promise<Operation>;
  resend(id: string, request: OperationRequest, operator: string): Promise<Operation>;
  drain(): Promise<QueueSummary>;
  summary(): QueueSummary | null;
  close(): Promise<void>;
}

export interface RegistryService {
  find(request: RequestOf<'cards:find'>): Promise<ResponseOf<'cards:find'>>;
  details(request: RequestOf<'cards:details'>): Promise<ResponseOf<'cards:details'>>;
  auditList(request: RequestOf<'audit:list'>): Promise<ResponseOf<'audit:list'>>;
  auditCsv(request: RequestOf<'audit:exportCsv'>): Promise<ResponseOf<'audit:exportCsv'>>;
  auditOperators(): Promise<string[]>;
  /** Whether this station has a record of the card (cancelling one it has not needs a supervisor). */
  knowsCard(ref: { cardNo: string } | { serialNum: string } | { deviceId: string; lockCardId: string }): boolean;
}

export interface SettingsService {
  get(): Promise<SettingsView>;
  update(patch: RequestOf<'settings:update'>, operator: string): Promise<SettingsView>;
}

/** Rooms and stays: the directory, room state, room actions, read card, QR image, reports (rooms/). */
export interface RoomsService {
  list(request: RequestOf<'rooms:list'>): Promise<ResponseOf<'rooms:list'>>;
  resolve(request: RequestOf<'rooms:resolve'>): Promise<ResponseOf<'rooms:resolve'>>;
  show(request: RequestOf<'rooms:show'>): Promise<ResponseOf<'rooms:show'>>;
  doorLog(request: RequestOf<'rooms:doorLog'>): Promise<ResponseOf<'rooms:doorLog'>>;
  /** Refuses (`rooms.unknown`) a typed request naming a room the directory does not know; see rooms/resolve.ts. */
  checkRequestRoom(request: OperationRequest): void;
  /** Also takes a request as a caller writes it (CLI, PMS): it is checked as IPC would. */
  preview(request: RequestInputOf<'rooms:preview'>): Promise<ResponseOf<'rooms:preview'>>;
  /** `encoderJob`: the desk window's encoder owner (encoder/desk-holds.ts), so its own hold does not refuse it. */
  act(request: RequestInputOf<'rooms:action'>, operator: string, options?: { encoderJob?: string }): Promise<ResponseOf<'rooms:action'>>;
  action(id: string): Promise<ResponseOf<'rooms:actionGet'>>;
  waitAction(id: string, timeoutMs: number): Promise<ResponseOf<'rooms:actionWait'>>;
  importCsv(request: RequestOf<'rooms:import'>, operator: string): Promise<ResponseOf<'rooms:import'>>;
  refresh(operator: string): Promise<ResponseOf<'rooms:refresh'>>;
  identify(request: RequestOf<'cards:identify'>): Promise<ResponseOf<'cards:identify'>>;
  qrImage(request: RequestOf<'cards:qrImage'>): Promise<ResponseOf<'cards:qrImage'>>;
  sendSmsAgain(request: RequestOf<'cards:sendSmsAgain'>, operator: string): Promise<ResponseOf<'cards:sendSmsAgain'>>;
  report(request: RequestOf<'reports:rooms'>): Promise<ResponseOf<'reports:rooms'>>;
  reportCsv(request: RequestOf<'reports:roomsCsv'>): Promise<ResponseOf<'reports:roomsCsv'>>;
  close(): Promise<void>;
}
