/**
 * Listen-only readers on a byte stream (125 kHz ASCII readers, keyboard readers): open the
 * transport, decode what arrives into cards, judge presence by repeats, end the session on unplug.
 * Each driver brings only its decoding, its name and its removal delay.
 */
import { StationFailure } from '../failure';
import type { Logger } from '../logging/logger';
import { DEFAULT_TIMING, SupervisedDriver, type SupervisorTiming } from './driver-base';
import { RepeatPresence } from './repeat-presence';
import type { ByteTransport, CardPresence, TransportOpener } from './types';

export interface RepeatingReaderOptions {
  open: TransportOpener;
  port: string;
  log?: Logger;
  timing?: Partial<SupervisorTiming>;
  /** No repeat for this long means the card left the field, ms. */
  removeAfterMs?: number;
}

/** Decodes one session's chunks, calling `seen` for every card a chunk completes. */
export type ChunkDecoder = (chunk: Uint8Array, seen: (card: CardPresence) => void) => void;

export abstract class RepeatingReaderDriver extends SupervisedDriver {
  private transport?: ByteTransport;
  private endSession?: () => void;

  protected constructor(
    private readonly options: RepeatingReaderOptions,
    private readonly defaultRemoveAfterMs: number,
  ) {
    super(options.port, { ...DEFAULT_TIMING, ...options.timing }, options.log);
  }

  /** A fresh decoder for one session (decoders keep partial input between chunks). */
  protected abstract newDecoder(): ChunkDecoder;
  /** The model shown once the transport is open: these readers have no identify command. */
  protected abstract readonly model: string;

  protected async session(): Promise<void> {
    const transport = await this.options.open();
    this.transport = transport;
    const decode = this.newDecoder();
    const presence = new RepeatPresence(
      this.options.removeAfterMs ?? this.defaultRemoveAfterMs,
      (card) => this.cardPresent(card),
      () => this.cardRemoved(),
    );
    let lost = false;
    const ended = new Promise<void>((resolve) => {
      this.endSession = resolve;
      transport.onLost(() => {
        lost = true;
        resolve();
      });
    });
    transport.onData((chunk) => decode(chunk, (card) => presence.seen(card)));
    // The reader only talks when a card is near: an open port is all there is to "ready".
    this.ready(this.model, 'n/a');
    try {
      await ended;
    } finally {
      presence.clear();
      this.transport = undefined;
      await transport.close().catch(() => undefined);
    }
    if (lost && !this.stopped) throw StationFailure.of('encoder.disconnected', { port: this.options.port });
  }

  protected async interrupt(): Promise<void> {
    this.endSession?.();
    await this.transport?.close();
  }
}
