/** USB HID keyboard card reader opened directly (Linux, macOS): decodes its boot-keyboard reports. */
import { StationFailure } from '../../failure';
import type { Logger } from '../../logging/logger';
import { DEFAULT_TIMING, SupervisedDriver, type SupervisorTiming } from '../driver-base';
import { RepeatPresence } from '../repeat-presence';
import type { ByteTransport, TransportOpener } from '../types';
import { BootKeyboardDecoder } from './keyboard-report';
import { typedNumberToBytes } from './typed-number';

export interface HidDriverOptions {
  /** Opens the device; every data chunk it delivers is one input report. */
  open: TransportOpener;
  port: string;
  log?: Logger;
  timing?: Partial<SupervisorTiming>;
  /** A keyboard reader types once per card: count it removed after this long, ms. */
  removeAfterMs?: number;
}

export class HidKeyboardDriver extends SupervisedDriver {
  readonly id = 'hid' as const;
  private transport?: ByteTransport;
  private endSession?: () => void;

  constructor(private readonly options: HidDriverOptions) {
    super(options.port, { ...DEFAULT_TIMING, ...options.timing }, options.log);
  }

  protected async session(): Promise<void> {
    const transport = await this.options.open();
    this.transport = transport;
    const decoder = new BootKeyboardDecoder();
    const presence = new RepeatPresence(
      this.options.removeAfterMs ?? 1000,
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
    transport.onData((report) => {
      const line = decoder.push(report);
      if (line === undefined) return;
      const bytes = typedNumberToBytes(line);
      if (!bytes) {
        this.log?.debug('hid reader typed something that is not a card number', { length: line.length });
        return;
      }
      presence.seen({ uid: bytes, serialBytes: bytes, cardType: 'keyboard-reader' });
    });
    this.ready('USB keyboard card reader', 'n/a');
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
