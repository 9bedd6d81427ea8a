/**
 * Encoder figures: read latency (card placed on the PN532 emulator -> the driver's card-present
 * event) over a real pty at 115200 baud, and PN532 framer throughput. Goal: p95 <= 20 ms.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ACK_FRAME, encodeResponse, Pn532Framer } from '../electron/services/encoder/pn532/codec';
import { Pn532Driver } from '../electron/services/encoder/pn532/driver';
import { Pn532Emulator } from '../electron/services/encoder/pn532/emulator';
import { simulatorOpener } from '../electron/services/encoder/drivers';
import { openSerial, serialOpener } from '../electron/services/encoder/transports/serial';
import type { TransportOpener } from '../electron/services/encoder/types';

const READS = Number(process.env.ENCODER_BENCH_READS ?? 300);
const UIDS = ['04A22B1C', '04112233445566', '0102030405060708090A'];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function waitFor(cond: () => boolean, ms: number): Promise<void> {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > ms) throw new Error('bench: timed out');
    await new Promise((r) => setTimeout(r, 2));
  }
}

interface CardHolder {
  placeCard(uid: string): void;
  removeCard(): void;
}

async function readLatency(label: string, open: TransportOpener, emulator: CardHolder): Promise<void> {
  // Fast removal detection only to keep the run short; presence detection is what is measured.
  const driver = new Pn532Driver({ open, port: label, presencePollMs: 5, removalMisses: 1 });
  await driver.open();
  let placedAt = 0;
  let present = false;
  const latencies: number[] = [];
  driver.on('card-present', () => {
    latencies.push(performance.now() - placedAt);
    present = true;
  });
  driver.on('card-removed', () => (present = false));
  for (let i = 0; i < READS; i++) {
    // Let the driver settle into its "wait for a card" command first.
    await new Promise((r) => setTimeout(r, 3));
    placedAt = performance.now();
    emulator.placeCard(UIDS[i % UIDS.length]);
    await waitFor(() => present, 5000);
    emulator.removeCard();
    await waitFor(() => !present, 5000);
  }
  await driver.close();
  const sorted = [...latencies].sort((a, b) => a - b);
  const p95 = percentile(sorted, 95);
  console.log(
    `read latency, ${label}: n=${sorted.length} p50=${percentile(sorted, 50).toFixed(2)} ms p95=${p95.toFixed(2)} ms max=${sorted.at(-1)!.toFixed(2)} ms ${p95 <= 20 ? '(goal p95 <= 20 ms: met)' : '(goal p95 <= 20 ms: MISSED)'}`,
  );
}

async function ptyLatency(): Promise<void> {
  if (spawnSync('sh', ['-c', 'command -v socat']).status !== 0) {
    console.log('read latency over a pty: SKIPPED (socat not installed)');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'enc-bench-'));
  const a = join(dir, 'A');
  const b = join(dir, 'B');
  const socat = spawn('socat', [`pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], { stdio: 'ignore' });
  try {
    await waitFor(() => existsSync(a) && existsSync(b), 10_000);
    const device = await openSerial({ path: b, baudRate: 115200 });
    const emulator = new Pn532Emulator();
    emulator.attach(device);
    await readLatency('pty at 115200 baud, emulator in this process', serialOpener({ path: a, baudRate: 115200 }), emulator);
    emulator.detach();
    await device.close();

    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'encoder-emulator.child.ts'), b], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.once('data', () => resolve());
        child.once('exit', (code) => reject(new Error(`emulator child exited with ${code}`)));
      });
      const remote: CardHolder = {
        placeCard: (uid) => child.stdin.write(`place ${uid}\n`),
        removeCard: () => child.stdin.write('remove\n'),
      };
      await readLatency('pty at 115200 baud, emulator in another process', serialOpener({ path: a, baudRate: 115200 }), remote);
    } finally {
      child.stdin.end();
      await new Promise((r) => child.once('exit', r));
    }
  } finally {
    socat.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

function framerThroughput(): void {
  const responses = [
    ACK_FRAME,
    encodeResponse(0x4a, [0x01, 0x01, 0x00, 0x04, 0x08, 0x04, 0x04, 0xa2, 0x2b, 0x1c]),
    ACK_FRAME,
    encodeResponse(0x40, [0x00, ...new Uint8Array(16).fill(0x5a)]),
    Uint8Array.of(0x55, 0x13, 0xff), // a little noise
    encodeResponse(0x02, [0x32, 0x01, 0x06, 0x07]),
  ];
  const unit = Buffer.concat(responses);
  const framesPerUnit = 5;
  const units = Math.ceil((8 * 1024 * 1024) / unit.length);
  const stream = Buffer.concat(Array.from({ length: units }, () => unit));
  const chunk = 64;
  const framer = new Pn532Framer();
  let frames = 0;
  const start = performance.now();
  for (let i = 0; i < stream.length; i += chunk) {
    for (const ev of framer.push(stream.subarray(i, i + chunk))) if (ev.kind !== 'invalid') frames++;
  }
  const seconds = (performance.now() - start) / 1000;
  if (frames !== units * framesPerUnit) throw new Error(`framer lost frames: ${frames} of ${units * framesPerUnit}`);
  console.log(
    `framer throughput: ${(stream.length / 1024 / 1024 / seconds).toFixed(1)} MiB/s, ${Math.round(frames / seconds).toLocaleString('en')} frames/s (64-byte reads, ${(stream.length / 1024 / 1024).toFixed(1)} MiB)` +
      ` = ${Math.round(stream.length / seconds / 11520)}x a 115200-baud line`,
  );
}

async function main(): Promise<void> {
  framerThroughput();
  const emulator = new Pn532Emulator();
  await readLatency('simulator (in-memory link)', simulatorOpener(emulator), emulator);
  await ptyLatency();
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
