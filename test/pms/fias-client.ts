/**
 * A test-only FIAS client, playing the PMS. Written from the protocol text of issue 11, on
 * purpose without the station's framer or codec, so the tests check the station against the
 * protocol and not against itself:
 *
 *   each record is STX (0x02) + `TYPE|FIELDvalue|FIELDvalue|` + ETX (0x03), field ids two
 *   characters; link: LS start, LD description, LR per record type, LA alive, LE end;
 *   KR key request, KD key delete, KM key modify; answer KA (AS status, CT clear text, echoes).
 */
import { connect, type Socket } from 'node:net';

export interface PmsRecord {
  type: string;
  fields: Record<string, string>;
  raw: string;
}

function parse(raw: string): PmsRecord {
  const [type, ...rest] = raw.split('|');
  const fields: Record<string, string> = {};
  for (const part of rest) if (part.length >= 2 && !(part.slice(0, 2) in fields)) fields[part.slice(0, 2)] = part.slice(2);
  return { type, fields, raw };
}

export class FiasTestClient {
  readonly received: PmsRecord[] = [];
  private buffer = '';
  private waiters: Array<() => void> = [];
  private closedFlag = false;

  private constructor(private readonly socket: Socket) {
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      this.buffer += chunk;
      for (;;) {
        const start = this.buffer.indexOf('\x02');
        if (start < 0) {
          this.buffer = '';
          break;
        }
        const end = this.buffer.indexOf('\x03', start);
        if (end < 0) {
          this.buffer = this.buffer.slice(start);
          break;
        }
        const text = Buffer.from(this.buffer.slice(start + 1, end), 'latin1').toString('utf8');
        this.buffer = this.buffer.slice(end + 1);
        this.received.push(parse(text));
      }
      this.wake();
    });
    socket.on('close', () => {
      this.closedFlag = true;
      this.wake();
    });
    socket.on('error', () => undefined);
  }

  static open(port: number, host = '127.0.0.1'): Promise<FiasTestClient> {
    return new Promise((resolve, reject) => {
      const socket = connect({ port, host }, () => resolve(new FiasTestClient(socket)));
      socket.once('error', reject);
    });
  }

  get closed(): boolean {
    return this.closedFlag;
  }

  /** Sends one record: `text` is `TYPE|FIELDvalue|...|`. */
  send(text: string): void {
    this.sendBytes(Buffer.concat([Buffer.of(0x02), Buffer.from(text, 'utf8'), Buffer.of(0x03)]));
  }

  sendBytes(bytes: Uint8Array): void {
    this.socket.write(bytes);
  }

  /** Waits for the first record (received after `from`) that matches. */
  async next(match: (r: PmsRecord) => boolean, timeoutMs = 5000, from = 0): Promise<PmsRecord> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.received.slice(from).find(match);
      if (found) return found;
      if (this.closedFlag) throw new Error(`connection closed; received: ${this.received.map((r) => r.raw).join(' / ')}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching record within ${timeoutMs} ms; received: ${this.received.map((r) => r.raw).join(' / ')}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** The answer (KA) to the next key request sent now, matched by its DA/TI stamp. */
  async request(text: string, timeoutMs = 10_000): Promise<PmsRecord> {
    const stamp = parse(text);
    const from = this.received.length;
    this.send(text);
    return this.next((r) => r.type === 'KA' && r.fields.DA === stamp.fields.DA && r.fields.TI === stamp.fields.TI, timeoutMs, from);
  }

  /** PMS side of the link start: LS, wait for the station's LD/LR.../LA, then LA. */
  async handshake(): Promise<PmsRecord[]> {
    const from = this.received.length;
    this.send('LS|DA261123|TI100000|');
    await this.next((r) => r.type === 'LA', 5000, from);
    this.send('LA|DA261123|TI100001|');
    return this.received.slice(from);
  }

  async waitClosed(timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closedFlag) {
      if (Date.now() > deadline) throw new Error('connection still open');
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  close(): void {
    this.socket.destroy();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    waiters.forEach((w) => w());
  }
}
