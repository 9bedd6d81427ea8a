/**
 * PN532 over UART: wake-up, SAMConfiguration, GetFirmwareVersion, then card detection with
 * InListPassiveTarget. With no card in the field the chip is told to wait for one (infinite
 * retries), so a card is reported the moment it arrives; the wait is aborted and re-issued every
 * few seconds to prove the chip still answers. With a card in the field it is re-listed every
 * `presencePollMs` with few retries; `removalMisses` misses in a row mean it was taken away.
 */
import { StationFailure } from '../../failure';
import type { Logger } from '../../logging/logger';
import { DEFAULT_TIMING, sameUid, SupervisedDriver, type SupervisorTiming } from '../driver-base';
import type { CardPresence, TransportOpener } from '../types';
import { WAKE_UP } from './codec';
import { BRTY_106_TYPE_A, CMD, decodeFirmware, decodeTypeATarget, RETRY_FOREVER, RF_ITEM_MAX_RETRIES, typeACardType } from './commands';
import { Pn532Link, Pn532LinkError } from './link';

export interface Pn532DriverOptions {
  open: TransportOpener;
  id?: 'pn532' | 'simulator';
  /** Port name for messages (`/dev/ttyUSB0`, `COM3`, `simulator`). */
  port: string;
  baudRate?: number;
  log?: Logger;
  timing?: Partial<SupervisorTiming>;
  ackTimeoutMs?: number;
  responseTimeoutMs?: number;
  /** How long one "wait for a card" command may run before it is aborted and re-issued, ms. */
  waitSliceMs?: number;
  presencePollMs?: number;
  /** Passive-activation retries while checking that a card is still there. */
  presenceRetries?: number;
  removalMisses?: number;
}

export class Pn532Driver extends SupervisedDriver {
  /** `simulator` when it drives the emulator: the real driver, named for what the user picked. */
  readonly id: 'pn532' | 'simulator';
  private link?: Pn532Link;
  private retriesSet?: number;
  private readonly baudRate: number;
  private readonly ackTimeoutMs: number;
  private readonly responseTimeoutMs: number;

  constructor(private readonly options: Pn532DriverOptions) {
    super(options.port, { ...DEFAULT_TIMING, ...options.timing }, options.log);
    this.id = options.id ?? 'pn532';
    this.baudRate = options.baudRate ?? 115200;
    this.ackTimeoutMs = options.ackTimeoutMs ?? 300;
    this.responseTimeoutMs = options.responseTimeoutMs ?? 1000;
  }

  /** Statistics of the current link (resends, NACKs, invalid frames), for `doctor`. */
  linkStats(): Pn532Link['stats'] | undefined {
    return this.link?.stats;
  }

  protected async session(): Promise<void> {
    const transport = await this.options.open();
    const link = new Pn532Link(transport, {
      ackTimeoutMs: this.ackTimeoutMs,
      responseTimeoutMs: this.responseTimeoutMs,
      log: this.log,
    });
    this.link = link;
    this.retriesSet = undefined;
    try {
      if (this.stopped) return;
      const firmware = await this.initialize(link);
      if (this.stopped) return;
      this.ready(firmware.model, firmware.firmware);
      await this.pollCards(link);
    } catch (err) {
      if (this.stopped) return;
      throw this.toFailure(err);
    } finally {
      this.link = undefined;
      await link.close().catch(() => undefined);
    }
  }

  protected async interrupt(): Promise<void> {
    const link = this.link;
    if (!link) return;
    await link.abort().catch(() => undefined);
    await link.close();
  }

  private toFailure(err: unknown): unknown {
    if (!(err instanceof Pn532LinkError)) return err;
    const port = this.options.port;
    switch (err.kind) {
      case 'lost':
      case 'closed':
      case 'ack-timeout':
      case 'response-timeout':
        return StationFailure.of('encoder.disconnected', { port });
      case 'corrupt':
        return StationFailure.of('encoder.bad-frame', { detail: err.message });
      case 'error-frame':
        return StationFailure.of('encoder.command-failed', { detail: err.message });
    }
  }

  private async initialize(link: Pn532Link) {
    const noAnswer = () => StationFailure.of('encoder.no-answer', { port: this.options.port, baud: this.baudRate });
    // Two tries: the first command after power-up can be lost while the chip wakes.
    for (let attempt = 0; ; attempt++) {
      try {
        await link.writeRaw(WAKE_UP);
        // Normal mode, virtual-card timeout 1 s, use IRQ.
        await link.exchange(CMD.SAMConfiguration, [0x01, 0x14, 0x01], { ackTimeoutMs: 400, responseTimeoutMs: 400, ackRetries: 0 });
        break;
      } catch (err) {
        if (err instanceof Pn532LinkError && err.kind === 'lost') throw err;
        if (err instanceof Pn532LinkError && (err.kind === 'ack-timeout' || err.kind === 'response-timeout')) {
          if (attempt >= 1 || this.stopped) throw noAnswer();
          continue;
        }
        throw err;
      }
    }
    const info = decodeFirmware(await link.exchange(CMD.GetFirmwareVersion));
    if (!info) throw StationFailure.of('encoder.bad-frame', { detail: 'short GetFirmwareVersion answer' });
    return info;
  }

  private async setPassiveRetries(link: Pn532Link, retries: number): Promise<void> {
    if (this.retriesSet === retries) return;
    await link.exchange(CMD.RFConfiguration, [RF_ITEM_MAX_RETRIES, 0xff, 0x01, retries]);
    this.retriesSet = retries;
  }

  private async listTarget(link: Pn532Link, responseTimeoutMs: number): Promise<CardPresence | undefined> {
    const answer = await link.exchange(CMD.InListPassiveTarget, [0x01, BRTY_106_TYPE_A], { responseTimeoutMs });
    let target;
    try {
      target = decodeTypeATarget(answer);
    } catch (err) {
      throw StationFailure.of('encoder.bad-frame', { detail: (err as Error).message });
    }
    if (!target) return undefined;
    return { uid: target.uid, serialBytes: target.uid, cardType: typeACardType(target.selRes, target.uid.length) };
  }

  private async pollCards(link: Pn532Link): Promise<void> {
    const waitSliceMs = this.options.waitSliceMs ?? 3000;
    const presencePollMs = this.options.presencePollMs ?? 100;
    const presenceRetries = this.options.presenceRetries ?? 0x02;
    const removalMisses = this.options.removalMisses ?? 2;
    let misses = 0;
    while (!this.stopped) {
      const card = this.currentCard();
      if (!card) {
        await this.setPassiveRetries(link, RETRY_FOREVER);
        let found: CardPresence | undefined;
        try {
          found = await this.listTarget(link, waitSliceMs);
        } catch (err) {
          if (err instanceof Pn532LinkError && err.kind === 'response-timeout') {
            // Nobody came: abort the wait; the next command's ACK proves the chip is still there.
            await link.abort();
            continue;
          }
          throw err;
        }
        if (found) {
          misses = 0;
          this.cardPresent(found);
        }
        continue;
      }
      await this.pause(presencePollMs);
      if (this.stopped) break;
      await this.setPassiveRetries(link, presenceRetries);
      const seen = await this.listTarget(link, this.responseTimeoutMs);
      if (seen && sameUid(seen.uid, card.uid)) {
        misses = 0;
      } else if (seen) {
        this.cardRemoved();
        this.cardPresent(seen);
      } else if (++misses >= removalMisses) {
        misses = 0;
        await link.exchange(CMD.InRelease, [0x00]);
        this.cardRemoved();
      }
    }
    if (!link.isLost) await link.exchange(CMD.InRelease, [0x00], { ackTimeoutMs: 200, responseTimeoutMs: 200 }).catch(() => undefined);
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
  }
}
