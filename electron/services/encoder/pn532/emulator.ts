/**
 * A PN532 as seen from its serial (HSU) link: ACKs every well-formed command, answers like the chip
 * (UM0701 chapter 7), resends its last answer on NACK, aborts a pending command on a host ACK, and
 * emulates one ISO/IEC 14443A card that can be placed and removed. Good enough for libnfc's
 * `nfc-list`, our own driver in demo mode, and tests.
 */
import type { ByteTransport } from '../types';
import { fromHex, toHex } from '../bytes';
import { encodeResponse, ERROR_FRAME, ACK_FRAME, Pn532Framer, TFI_HOST_TO_PN532 } from './codec';
import { BRTY_106_TYPE_A, CMD, defaultTypeAIdentity, RETRY_FOREVER, RF_ITEM_MAX_RETRIES } from './commands';

export interface EmulatedCard {
  uid: Uint8Array;
  sensRes: number;
  selRes: number;
}

export interface EmulatorOptions {
  /** Firmware reported by GetFirmwareVersion: IC, Ver, Rev, Support. Default PN532 1.6. */
  firmware?: [number, number, number, number];
  /** Called for every command received, for logging what a host (e.g. libnfc) sends. */
  onCommand?: (name: string, params: Uint8Array) => void;
  /** Delay per passive-activation retry when no card answers, ms (a real chip takes a few ms). */
  retryDelayMs?: number;
}

const COMMAND_NAMES = new Map<number, string>(Object.entries(CMD).map(([name, code]) => [code, name]));

export function commandName(code: number): string {
  return COMMAND_NAMES.get(code) ?? `0x${code.toString(16).padStart(2, '0')}`;
}

/** Parses `04A22B1C`-style UIDs (4, 7 or 10 bytes). */
export function parseUid(hex: string): Uint8Array {
  const clean = hex.replace(/[\s:-]/g, '');
  if (!/^([0-9a-fA-F]{8}|[0-9a-fA-F]{14}|[0-9a-fA-F]{20})$/.test(clean)) {
    throw new RangeError(`UID must be 4, 7 or 10 bytes in hex, got "${hex}"`);
  }
  return fromHex(clean);
}

export function emulatedCard(uid: Uint8Array | string): EmulatedCard {
  const bytes = typeof uid === 'string' ? parseUid(uid) : uid;
  return { uid: Uint8Array.from(bytes), ...defaultTypeAIdentity(bytes.length) };
}

interface PendingList {
  command: number;
  timer?: NodeJS.Timeout;
}

export class Pn532Emulator {
  private transport?: ByteTransport;
  private offs: Array<() => void> = [];
  private readonly framer = new Pn532Framer();
  private card?: EmulatedCard;
  /** Target number 1 is selected after a successful InListPassiveTarget. */
  private selected = false;
  private lastResponse?: Uint8Array;
  private pending?: PendingList;
  private maxRetriesPassive = RETRY_FOREVER;
  private readonly registers = new Map<number, number>();
  private readonly memory = new Map<number, Uint8Array>();
  private readonly firmware: [number, number, number, number];
  /** Every command seen, oldest first (bounded): what a host sent, for logs and tests. */
  readonly received: Array<{ name: string; params: string }> = [];

  constructor(private readonly options: EmulatorOptions = {}) {
    this.firmware = options.firmware ?? [0x32, 0x01, 0x06, 0x07];
  }

  /** Starts serving a link; detaches from the previous one. */
  attach(transport: ByteTransport): void {
    this.detach();
    this.transport = transport;
    this.framer.reset();
    this.selected = false;
    this.offs.push(transport.onData((chunk) => this.onChunk(chunk)));
  }

  detach(): void {
    this.cancelPending();
    for (const off of this.offs) off();
    this.offs = [];
    this.transport = undefined;
  }

  placeCard(card: EmulatedCard | string | Uint8Array): void {
    this.card = typeof card === 'string' || card instanceof Uint8Array ? emulatedCard(card) : card;
    this.selected = false;
    this.memory.clear();
    // A pending InListPassiveTarget (infinite retries) answers as soon as a card enters the field.
    if (this.pending?.command === CMD.InListPassiveTarget) {
      const pending = this.pending;
      this.pending = undefined;
      if (pending.timer) clearTimeout(pending.timer);
      this.respond(CMD.InListPassiveTarget, this.listTarget());
    }
  }

  removeCard(): void {
    this.card = undefined;
    this.selected = false;
  }

  currentCard(): EmulatedCard | undefined {
    return this.card;
  }

  private onChunk(chunk: Uint8Array): void {
    for (const ev of this.framer.push(chunk)) {
      if (ev.kind === 'ack') this.cancelPending();
      else if (ev.kind === 'nack') {
        if (this.lastResponse) this.send(this.lastResponse);
      } else if (ev.kind === 'info' && ev.tfi === TFI_HOST_TO_PN532 && ev.data.length >= 1) {
        this.send(ACK_FRAME);
        this.handle(ev.data[0], ev.data.subarray(1));
      }
      // Corrupt frames are ignored, as the chip does; the host times out and resends.
    }
  }

  private send(bytes: Uint8Array): void {
    this.transport?.write(bytes).catch(() => {
      /* link gone: the host will notice */
    });
  }

  private respond(command: number, params: readonly number[] | Uint8Array): void {
    const frame = encodeResponse(command, params);
    this.lastResponse = frame;
    this.send(frame);
  }

  private fail(): void {
    this.lastResponse = ERROR_FRAME;
    this.send(ERROR_FRAME);
  }

  private cancelPending(): void {
    if (this.pending?.timer) clearTimeout(this.pending.timer);
    this.pending = undefined;
  }

  private listTarget(): number[] {
    if (!this.card) return [0x00];
    this.selected = true;
    const { uid, sensRes, selRes } = this.card;
    return [0x01, 0x01, sensRes >> 8, sensRes & 0xff, selRes, uid.length, ...uid];
  }

  private handle(command: number, params: Uint8Array): void {
    const name = commandName(command);
    this.received.push({ name, params: toHex(params) });
    if (this.received.length > 500) this.received.shift();
    this.options.onCommand?.(name, params);
    this.cancelPending();

    switch (command) {
      case CMD.Diagnose:
        // Test 0x00 (communication line) echoes its data; other tests report success.
        return this.respond(command, params[0] === 0x00 ? params : [0x00]);
      case CMD.GetFirmwareVersion:
        return this.respond(command, this.firmware);
      case CMD.GetGeneralStatus: {
        const field = this.card ? 1 : 0;
        const targets = this.selected && this.card ? [0x01, 0x01, 0x00, 0x00, 0x00] : [0x00];
        return this.respond(command, [0x00, field, ...targets, 0x00]);
      }
      case CMD.ReadRegister: {
        const values: number[] = [];
        for (let i = 0; i + 1 < params.length; i += 2) values.push(this.registers.get((params[i] << 8) | params[i + 1]) ?? 0x00);
        return this.respond(command, values);
      }
      case CMD.WriteRegister:
        for (let i = 0; i + 2 < params.length; i += 3) this.registers.set((params[i] << 8) | params[i + 1], params[i + 2]);
        return this.respond(command, []);
      case CMD.ReadGPIO:
        return this.respond(command, [0xff, 0xff, 0x00]);
      case CMD.WriteGPIO:
      case CMD.SetParameters:
      case CMD.SAMConfiguration:
      case CMD.SetSerialBaudRate:
        return this.respond(command, []);
      case CMD.PowerDown:
        return this.respond(command, [0x00]);
      case CMD.RFConfiguration:
        if (params[0] === RF_ITEM_MAX_RETRIES && params.length >= 4) this.maxRetriesPassive = params[3];
        return this.respond(command, []);
      case CMD.InListPassiveTarget:
        return this.inListPassiveTarget(params);
      case CMD.InAutoPoll:
        return this.inAutoPoll();
      case CMD.InRelease:
      case CMD.InDeselect:
        this.selected = false;
        return this.respond(command, [0x00]);
      case CMD.InSelect:
        this.selected = Boolean(this.card);
        return this.respond(command, [this.card ? 0x00 : 0x27]);
      case CMD.InDataExchange:
        return this.respond(command, this.dataExchange(params.subarray(1)));
      case CMD.InCommunicateThru:
        return this.respond(command, this.dataExchange(params));
      default:
        return this.fail();
    }
  }

  private inListPassiveTarget(params: Uint8Array): void {
    const brty = params[1];
    if (params.length < 2 || params[0] < 1 || params[0] > 2) return this.fail();
    if (brty !== BRTY_106_TYPE_A || (this.card && params.length > 2 && !this.matchesInitiatorData(params.subarray(2)))) {
      // Other modulations (FeliCa, type B, Jewel) see no card; the chip answers after its retries.
      return this.answerNoTargetLater(CMD.InListPassiveTarget);
    }
    if (this.card) return this.respond(CMD.InListPassiveTarget, this.listTarget());
    if (this.maxRetriesPassive === RETRY_FOREVER) {
      // Waits until a card comes or the host aborts with an ACK.
      this.pending = { command: CMD.InListPassiveTarget };
      return;
    }
    this.answerNoTargetLater(CMD.InListPassiveTarget);
  }

  /** With InitiatorData the host asks for one UID only (e.g. libnfc selecting a known card). */
  private matchesInitiatorData(data: Uint8Array): boolean {
    if (!this.card || data.length === 0) return true;
    const uid = this.card.uid;
    return data.length <= uid.length && data.every((b, i) => b === uid[i]);
  }

  private answerNoTargetLater(command: number): void {
    const retries = this.maxRetriesPassive === RETRY_FOREVER ? 3 : this.maxRetriesPassive;
    const delay = Math.min(20, (retries + 1) * (this.options.retryDelayMs ?? 1));
    const pending: PendingList = { command };
    pending.timer = setTimeout(() => {
      if (this.pending !== pending) return;
      this.pending = undefined;
      this.respond(command, [0x00]);
    }, delay);
    this.pending = pending;
  }

  private inAutoPoll(): void {
    if (!this.card) return this.answerNoTargetLater(CMD.InAutoPoll);
    const { uid, sensRes, selRes } = this.card;
    const data = [0x01, sensRes >> 8, sensRes & 0xff, selRes, uid.length, ...uid];
    this.selected = true;
    // Type 0x10: MIFARE card at 106 kbps.
    this.respond(CMD.InAutoPoll, [0x01, 0x10, data.length, ...data]);
  }

  /** MIFARE Classic-style commands carried by InDataExchange: auth, read, write. */
  private dataExchange(data: Uint8Array): number[] {
    if (!this.card || !this.selected) return [0x01]; // timeout: no card answered
    const op = data[0];
    if (op === 0x60 || op === 0x61) return [0x00];
    if (op === 0x30 && data.length >= 2) return [0x00, ...this.block(data[1])];
    if (op === 0xa0 && data.length >= 18) {
      this.memory.set(data[1], Uint8Array.from(data.subarray(2, 18)));
      return [0x00];
    }
    return [0x01];
  }

  private block(n: number): Uint8Array {
    const stored = this.memory.get(n);
    if (stored) return stored;
    const out = new Uint8Array(16);
    if (n % 4 === 3 && n < 128) {
      // Sector trailer of a card in transport configuration: key A (reads as zeros), access bits FF 07 80 69, key B.
      out.set([0xff, 0x07, 0x80, 0x69, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff], 6);
      return out;
    }
    if (n === 0 && this.card) {
      out.set(this.card.uid.subarray(0, 10));
      if (this.card.uid.length === 4) out[4] = this.card.uid.reduce((a, b) => a ^ b, 0);
    }
    return out;
  }
}
