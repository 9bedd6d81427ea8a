/**
 * Host side of a PN532 HSU link: sends a command, waits for the ACK, then the response, with a
 * timeout on each step; resends on NACK; asks for a resend (NACK) when a response is corrupt.
 */
import type { Logger } from '../../logging/logger';
import type { ByteTransport } from '../types';
import { toHex } from '../bytes';
import { ACK_FRAME, encodeCommand, NACK_FRAME, Pn532Framer, TFI_PN532_TO_HOST, type FramerEvent } from './codec';

export type LinkErrorKind = 'ack-timeout' | 'response-timeout' | 'error-frame' | 'corrupt' | 'lost' | 'closed';

export class Pn532LinkError extends Error {
  constructor(
    readonly kind: LinkErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'Pn532LinkError';
  }
}

export interface ExchangeOptions {
  ackTimeoutMs?: number;
  responseTimeoutMs?: number;
  /** Times the command is sent again when no ACK comes (a frame lost on the line). Default 1. */
  ackRetries?: number;
}

type Waiter = (event: FramerEvent | { kind: 'lost'; reason: string }) => void;

const MAX_RESENDS = 3;
/**
 * A frame split across reads completes within a few ms (265 bytes take 23 ms at 115200 baud);
 * after this much silence the framer gives up on a partial frame (a false start in noise).
 */
const IDLE_FLUSH_MS = 250;

export class Pn532Link {
  private readonly framer = new Pn532Framer();
  private waiter?: Waiter;
  private queue: Promise<unknown> = Promise.resolve();
  private lostReason?: string;
  private closed = false;
  private idleTimer?: NodeJS.Timeout;
  private readonly offs: Array<() => void> = [];
  /** Counters a person debugging a flaky link wants to see. */
  readonly stats = { framesIn: 0, invalid: 0, resends: 0, nacksSent: 0 };

  constructor(
    readonly transport: ByteTransport,
    private readonly options: { ackTimeoutMs: number; responseTimeoutMs: number; log?: Logger },
  ) {
    this.offs.push(transport.onData((chunk) => this.onChunk(chunk)));
    this.offs.push(
      transport.onLost((reason) => {
        this.lostReason = reason;
        this.waiter?.({ kind: 'lost', reason });
      }),
    );
  }

  get isLost(): boolean {
    return this.lostReason !== undefined;
  }

  private onChunk(chunk: Uint8Array): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.dispatch(this.framer.push(chunk));
    if (this.framer.pending > 0) {
      this.idleTimer = setTimeout(() => this.dispatch(this.framer.flush()), IDLE_FLUSH_MS);
    }
  }

  private dispatch(events: FramerEvent[]): void {
    for (const ev of events) {
      if (ev.kind === 'invalid') this.stats.invalid++;
      else this.stats.framesIn++;
      if (this.waiter) this.waiter(ev);
      else if (ev.kind !== 'invalid') this.options.log?.debug('pn532: unsolicited frame dropped', { kind: ev.kind });
    }
  }

  async writeRaw(bytes: Uint8Array): Promise<void> {
    if (this.lostReason) throw new Pn532LinkError('lost', this.lostReason);
    await this.transport.write(bytes);
  }

  /** Cancels the command the PN532 is working on (UM0701 §6.2.1.3: an ACK from the host aborts). */
  async abort(): Promise<void> {
    await this.writeRaw(ACK_FRAME);
  }

  /** Sends one command and resolves with the response parameters (after the response code). */
  exchange(command: number, params: readonly number[] | Uint8Array = [], options: ExchangeOptions = {}): Promise<Uint8Array> {
    const run = () => this.exchangeNow(command, params, options);
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async exchangeNow(command: number, params: readonly number[] | Uint8Array, options: ExchangeOptions): Promise<Uint8Array> {
    if (this.closed) throw new Pn532LinkError('closed', 'link closed');
    if (this.lostReason) throw new Pn532LinkError('lost', this.lostReason);
    const ackTimeoutMs = options.ackTimeoutMs ?? this.options.ackTimeoutMs;
    const responseTimeoutMs = options.responseTimeoutMs ?? this.options.responseTimeoutMs;
    const frame = encodeCommand(command, params);
    const expected = (command + 1) & 0xff;

    return new Promise<Uint8Array>((resolve, reject) => {
      let phase: 'ack' | 'response' = 'ack';
      let ackRetries = options.ackRetries ?? 1;
      let resends = 0;
      let nacks = 0;
      let timer: NodeJS.Timeout | undefined;
      const finish = (err: Error | undefined, value?: Uint8Array) => {
        if (timer) clearTimeout(timer);
        this.waiter = undefined;
        if (err) reject(err);
        else resolve(value as Uint8Array);
      };
      const arm = () => {
        if (timer) clearTimeout(timer);
        const ms = phase === 'ack' ? ackTimeoutMs : responseTimeoutMs;
        timer = setTimeout(() => {
          if (phase === 'ack' && ackRetries-- > 0) {
            this.stats.resends++;
            send(frame);
            arm();
            return;
          }
          finish(
            new Pn532LinkError(
              phase === 'ack' ? 'ack-timeout' : 'response-timeout',
              `no ${phase === 'ack' ? 'ACK' : 'response'} to command 0x${command.toString(16).padStart(2, '0')} within ${ms} ms`,
            ),
          );
        }, ms);
      };
      const send = (bytes: Uint8Array) => {
        this.transport
          .write(bytes)
          .catch((err: unknown) => finish(new Pn532LinkError('lost', err instanceof Error ? err.message : String(err))));
      };
      this.waiter = (ev) => {
        if (ev.kind === 'lost') {
          finish(new Pn532LinkError('lost', ev.reason));
          return;
        }
        if (phase === 'ack') {
          if (ev.kind === 'ack') {
            phase = 'response';
            arm();
          } else if (ev.kind === 'nack') {
            if (resends++ >= MAX_RESENDS) finish(new Pn532LinkError('corrupt', 'PN532 kept asking for a resend (NACK)'));
            else {
              this.stats.resends++;
              send(frame);
              arm();
            }
          } else if (ev.kind === 'error') {
            finish(new Pn532LinkError('error-frame', 'PN532 answered with a syntax-error frame'));
          }
          // A late response to an aborted command, or noise: ignore while waiting for the ACK.
          return;
        }
        if (ev.kind === 'info') {
          if (ev.tfi === TFI_PN532_TO_HOST && ev.data[0] === expected) finish(undefined, ev.data.slice(1));
          else this.options.log?.debug('pn532: stale frame ignored', { data: toHex(ev.data.slice(0, 8)) });
        } else if (ev.kind === 'invalid' && ev.reason !== 'abandoned') {
          if (nacks++ >= MAX_RESENDS) finish(new Pn532LinkError('corrupt', `response kept failing its ${ev.reason}`));
          else {
            this.stats.nacksSent++;
            send(NACK_FRAME);
            arm();
          }
        } else if (ev.kind === 'error') {
          finish(new Pn532LinkError('error-frame', 'PN532 answered with a syntax-error frame'));
        }
      };
      arm();
      send(frame);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.waiter?.({ kind: 'lost', reason: 'closed' });
    for (const off of this.offs) off();
    await this.transport.close();
  }
}
