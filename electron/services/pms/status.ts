/**
 * What the PMS interfaces are doing, for the status panel, `pms status` and the status file:
 * listeners, connected peers, the last records in and out, and answers counted by outcome.
 */
import {
  emptyOutcomeCounts,
  type PmsListenerStatus,
  type PmsOutcome,
  type PmsPeerStatus,
  type PmsRecordSummary,
  type PmsStatus,
} from '../../../shared/domain/pms';
import type { PmsCardKind } from '../../../shared/config';

const LAST_RECORDS = 20;

export class PmsStatusTracker {
  private readonly listeners = new Map<string, PmsListenerStatus>();
  private readonly peers = new Map<string, PmsPeerStatus>();
  private records: PmsRecordSummary[] = [];
  private counts = emptyOutcomeCounts();
  private since: string | undefined;

  constructor(
    private readonly cardKind: () => PmsCardKind,
    private readonly changed: () => void = () => undefined,
  ) {}

  started(at: string): void {
    this.since = at;
    this.counts = emptyOutcomeCounts();
    this.records = [];
    this.changed();
  }

  listener(status: PmsListenerStatus): void {
    this.listeners.set(status.interface, status);
    this.changed();
  }

  peer(id: string, status: PmsPeerStatus | undefined): void {
    if (status) this.peers.set(id, status);
    else this.peers.delete(id);
    this.changed();
  }

  record(summary: PmsRecordSummary): void {
    this.records = [summary, ...this.records].slice(0, LAST_RECORDS);
    if (summary.direction === 'out' && summary.outcome) this.counts[summary.outcome]++;
    this.changed();
  }

  count(outcome: PmsOutcome): number {
    return this.counts[outcome];
  }

  snapshot(running: boolean): PmsStatus {
    const listeners = (['fias', 'http'] as const).map((i) => this.listeners.get(i) ?? { interface: i, state: 'off' as const });
    return {
      running,
      ...(running ? { pid: process.pid } : {}),
      ...(this.since ? { since: this.since } : {}),
      cardKind: this.cardKind(),
      listeners,
      peers: [...this.peers.values()],
      lastRecords: [...this.records],
      counts: { ...this.counts },
    };
  }
}
