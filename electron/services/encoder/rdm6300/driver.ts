/** 125 kHz ASCII serial reader (RDM6300 and similar): listen-only, 9600 8N1 by default. */
import { StationFailure } from '../../failure';
import type { Logger } from '../../logging/logger';
import { DEFAULT_TIMING, SupervisedDriver, type SupervisorTiming } from '../driver-base';
import { RepeatPresence } from '../repeat-presence';
import type { ByteTransport, TransportOpener } from '../types';
import { Rdm6300Framer } from './codec';

export interface Rdm6300DriverOptions {
  open: TransportOpener;
  port: string;
  log?: Logger;
  timing?: Partial<SupervisorTiming>;
  /** No repeat for this long means the card left the field, ms. */
  removeAfterMs?: number;
}

export class Rdm6300Driver extends SupervisedDriver {
  readonly id = 'rdm6300' as const;
  private transport?: ByteTransport;
  private endSession?: () => void;
  /** Frames that failed their checksum or shape, for `doctor`. */
  invalidFrames = 0;

  constructor(private readonly options: Rdm6300DriverOptions) {
    super(options.port, { ...DEFAULT_TIMING, ...options.timing }, options.log);
  }

  protected async session(): Promise<void> {
    const transport = await this.options.open();
    this.transport = transport;
    const framer = new Rdm6300Framer();
    const presence = new RepeatPresence(
      this.options.removeAfterMs ?? 600,
      (card) => this.cardPresent(card),
      () => this.cardRemoved(),
    );
    let lostReason: string | undefined;
    const ended = new Promise<void>((resolve) => {
      this.endSession = resolve;
      transport.onLost((reason) => {
        lostReason = reason;
        resolve();
      });
    });
    transport.onData((chunk) => {
      for (const ev of framer.push(chunk)) {
        if (ev.kind === 'card') {
          presence.seen({ uid: ev.id, serialBytes: ev.id.subarray(1), cardType: 'em4100' });
        } else {
          this.invalidFrames++;
          this.log?.debug('rdm6300: frame rejected', { reason: ev.reason });
        }
      }
    });
    // The reader only talks when a card is near: an open port is all there is to "ready".
    this.ready('125 kHz ASCII reader (RDM6300 framing)', 'n/a');
    try {
      await ended;
    } finally {
      presence.clear();
      this.transport = undefined;
      await transport.close().catch(() => undefined);
    }
    if (lostReason !== undefined && !this.stopped) throw StationFailure.of('encoder.disconnected', { port: this.options.port });
  }

  protected async interrupt(): Promise<void> {
    this.endSession?.();
    await this.transport?.close();
  }
}
