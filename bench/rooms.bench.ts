/**
 * Rooms figures at 2,000 rooms and 20,000 cards: room lookup latency (the resolver plus the room's
 * summary, as the desk, the CLI and the PMS look a room up), the rooms screen's data in one query,
 * and one room's page. Run: node --import tsx bench/rooms.bench.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CloudExecutor } from '../electron/services/cloud/executor';
import type { RoomsCloud } from '../electron/services/cloud/service';
import { Outbox } from '../electron/services/outbox';
import { Rooms } from '../electron/services/rooms/service';
import { operationRequestSchema } from '../shared/domain/operations';

const ROOMS = 2_000;
const CARDS = 20_000;
const LOOKUPS = 5_000;

const dir = mkdtempSync(join(tmpdir(), 'rooms-bench-'));
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const fmt = (ms: number) => `${ms.toFixed(3)} ms`;
const idle: CloudExecutor = { execute: async () => ({ kind: 'success', result: {} }), probe: async () => true };
const cloud: RoomsCloud = {
  roomTree: async () => [],
  doorLog: async () => [],
  qrCard: async () => ({}),
  readProximity: async () => undefined,
  tuyaLocks: async () => ({ configured: false, locks: [] }),
  configured: async () => false,
  wallClockZone: () => 'Asia/Shanghai',
};

function timeEach(n: number, fn: (i: number) => unknown | Promise<unknown>): Promise<number[]> {
  return (async () => {
    const times: number[] = [];
    for (let i = 0; i < n; i++) {
      const t = performance.now();
      await fn(i);
      times.push(performance.now() - t);
    }
    return times.sort((a, b) => a - b);
  })();
}

async function main(): Promise<void> {
  const outbox = new Outbox({ database: join(dir, 'station.db'), executor: idle, autoStart: false });
  const rooms = new Rooms({
    outbox,
    cloud,
    lookup: async () => ({ provider: 'uclbrt', found: false, fields: {} }),
    defaultLockType: () => 'QRALOCK',
    refreshCheckMs: 0,
  });
  const at = new Date().toISOString();
  const place = (i: number) => ({
    buildNo: String(1 + Math.floor(i / 500)),
    floorNo: String(1 + Math.floor((i % 500) / 25)),
    roomNo: String(1000 + i),
  });
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 16);

  let t = performance.now();
  outbox.db.transaction(() => {
    for (let i = 0; i < ROOMS; i++) {
      const room = place(i);
      rooms.directory.upsert(
        {
          ...room,
          displayName: room.roomNo,
          lockType: i % 7 === 0 ? 'QRBLOCK' : 'QRALOCK',
          tuyaDeviceId: i % 3 === 0 ? `lock${i}` : undefined,
        },
        'import',
        at,
      );
    }
    for (let i = 0; i < CARDS; i++) {
      const r = i % ROOMS;
      const room = place(r);
      const status = i % 4 === 0 ? 'active' : i % 4 === 1 ? 'cancelled' : i % 4 === 2 ? 'lost' : 'active';
      const validTo = day((i % 9) - 2);
      if (i % 5 === 0 && r % 3 === 0)
        outbox.cards.insert(
          { provider: 'tuya', deviceId: `lock${r}`, lockCardId: `L${i}`, serialNum: (0x30000000 + i).toString(16), validTo, status },
          at,
          undefined,
        );
      else if (i % 2 === 0)
        outbox.cards.insert(
          {
            provider: 'uclbrt',
            cardNo: `QR${String(i).padStart(10, '0')}`,
            ...room,
            holderMobile: `139${String(i).padStart(8, '0')}`,
            validTo,
            status,
          },
          at,
          undefined,
        );
      else outbox.cards.insert({ provider: 'uclbrt', serialNum: (0x10000000 + i).toString(16), ...room, validTo, status }, at, undefined);
    }
  })();
  // Some work waiting in room lines (a cloud outage's worth).
  outbox.commitGroup((tx) => {
    for (let i = 0; i < 500; i++) {
      const room = place(i * 4);
      tx.insert(operationRequestSchema.parse({ kind: 'uclbrt.qr.issue', input: { ...room, mobile: '13800000000', end: day(3) } }), 'bench');
    }
  });
  rooms.directory.markRefreshed(at);
  console.log(`setup: ${ROOMS} rooms, ${CARDS} cards, 500 queued operations in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  const names = Array.from({ length: LOOKUPS }, (_, i) => {
    const room = place((i * 7919) % ROOMS);
    return i % 3 === 0 ? room.roomNo : i % 3 === 1 ? `${room.buildNo}-${room.floorNo}-${room.roomNo}` : room.roomNo;
  });
  for (let i = 0; i < 200; i++) await rooms.resolve({ room: names[i] }); // warm the statement cache
  const lookup = await timeEach(LOOKUPS, (i) => rooms.resolve({ room: names[i] }));
  console.log(
    `room lookup (resolver + summary), ${LOOKUPS} lookups: p50 ${fmt(pct(lookup, 50))}  p95 ${fmt(pct(lookup, 95))}  p99 ${fmt(pct(lookup, 99))}  (goal p95 <= 5 ms)`,
  );

  const screen = await timeEach(20, () => rooms.list({}));
  const list = await rooms.list({});
  const states = new Map<string, number>();
  for (const r of list.items) states.set(r.state, (states.get(r.state) ?? 0) + 1);
  console.log(
    `rooms screen data, ${list.total} rooms in one query: median ${fmt(pct(screen, 50))}  max ${fmt(screen.at(-1)!)}  (${[...states].map(([s, n]) => `${n} ${s}`).join(', ')})`,
  );
  t = performance.now();
  const json = JSON.stringify(list);
  console.log(`  as sent to the renderer: ${(json.length / 1024).toFixed(0)} KiB, serialised in ${fmt(performance.now() - t)}`);

  const page = await timeEach(500, (i) => rooms.show({ room: names[i] }));
  console.log(`room page (cards, pending work, actions, history): p50 ${fmt(pct(page, 50))}  p95 ${fmt(pct(page, 95))}`);

  await rooms.close();
  await outbox.close();
  rmSync(dir, { recursive: true, force: true });
  if (pct(lookup, 95) > 5) process.exitCode = 1;
}

void main();
