/**
 * The room directory and the outbox together, with a scripted cloud: the cloud-agnostic room line
 * (including operations accepted before the directory knew the room), the refresh rules, and a
 * directory that works offline.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RoomsCloud } from '../../electron/services/cloud/service';
import { StationEvents } from '../../electron/services/events';
import { Outbox } from '../../electron/services/outbox';
import { Rooms } from '../../electron/services/rooms/service';
import { FakeExecutor, qrIssue, req, tempDir, until, down } from '../outbox/helpers';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

interface FakeCloud extends RoomsCloud {
  tree: unknown;
  reachable: boolean;
  locks: { deviceId: string; room?: { buildNo?: string; floorNo?: string; roomNo: string } }[];
}

function fakeCloud(): FakeCloud {
  const cloud: FakeCloud = {
    tree: [
      {
        buildNo: '1',
        floors: [
          {
            floorNo: '1',
            rooms: [
              { roomNo: '101', lockType: 'QRALOCK' },
              { roomNo: '102', lockType: 'QRBLOCK' },
            ],
          },
        ],
      },
    ],
    reachable: true,
    locks: [{ deviceId: 'lock-1' }],
    async roomTree() {
      if (!cloud.reachable) throw new Error('connect ECONNREFUSED');
      return cloud.tree;
    },
    doorLog: async () => [],
    qrCard: async () => ({}),
    readProximity: async () => undefined,
    tuyaLocks: async () => ({ configured: true, locks: cloud.locks }),
    configured: async () => true,
    wallClockZone: () => 'Asia/Shanghai',
  };
  return cloud;
}

function station(executor = new FakeExecutor()) {
  const t = tempDir('lines-');
  cleanups.push(t.cleanup);
  const events = new StationEvents();
  const outbox = new Outbox({
    database: join(t.dir, 'station.db'),
    executor,
    events,
    backoff: { baseMs: 60_000, capMs: 60_000 },
    probeIntervalMs: 60_000,
  });
  cleanups.push(() => outbox.close());
  const cloud = fakeCloud();
  const rooms = new Rooms({
    outbox,
    cloud,
    lookup: async () => ({ provider: 'uclbrt', found: false, fields: {} }),
    events,
    defaultLockType: () => 'QRALOCK',
    refreshCheckMs: 0,
  });
  cleanups.push(() => rooms.close());
  return { outbox, rooms, cloud, executor };
}

describe('the room line', () => {
  it('operations accepted before the directory knew the room (or its lock) join its line; what comes later waits for them', async () => {
    let cloudUp = false;
    const executor = new FakeExecutor(() =>
      cloudUp ? { kind: 'success', result: { cardNo: 'NEWCARD0001', lock_card_id: 'L1' } } : down(),
    );
    const { outbox, rooms } = station(executor);
    const roomIssue = (mobile: string) =>
      req({ kind: 'uclbrt.qr.issue', input: { buildNo: '1', floorNo: '1', roomNo: '101', mobile, end: '2030-01-01T12:00' } });
    const issue = await outbox.submit(roomIssue('13800000000'), 'desk');
    const tuyaIssue = await outbox.submit(req({ kind: 'tuya.issue', input: { deviceId: 'lock-1', cardId: 'AABB0001' } }), 'desk');
    expect(outbox.store.subjectsOf(issue.id)).toEqual(['uclbrt:room:1-1-101']);

    // The directory learns room 1-1-101 (refresh) and that lock-1 serves it (import).
    await rooms.refresh('admin');
    const imported = await rooms.importCsv({ csv: 'display name,building,floor,room,tuya device id\n101,1,1,101,lock-1' }, 'admin');
    expect(imported.applied).toBe(true);
    expect(outbox.store.subjectsOf(issue.id)).toContain('room:1-1-101');
    expect(outbox.store.subjectsOf(tuyaIssue.id)).toContain('room:1-1-101');
    // A room the directory does not know keeps the older lines only.
    const elsewhere = await outbox.submit(qrIssue('555'), 'desk');
    expect(outbox.store.subjectsOf(elsewhere.id)).toEqual(['uclbrt:room:--555']);

    const issueInRoom = await outbox.submit(roomIssue('13800000001'), 'desk');
    const del = await outbox.submit(req({ kind: 'tuya.delete', input: { deviceId: 'lock-1', lockCardId: 'L0' } }), 'desk');
    expect(outbox.store.subjectsOf(issueInRoom.id)).toEqual(expect.arrayContaining(['uclbrt:room:1-1-101', 'room:1-1-101']));
    expect(outbox.store.subjectsOf(del.id)).toEqual(expect.arrayContaining(['room:1-1-101']));
    expect((await outbox.get(del.id)).waitingFor?.reason).toMatchObject({ code: 'outbox.waiting.room', params: { target: '1-1-101' } });

    cloudUp = true;
    await outbox.drain();
    await until(async () => (await outbox.get(del.id)).state === 'done', 5_000, 'the delete');
    const order = executor.calls.map((c) => c.id).filter((id, i, all) => all.lastIndexOf(id) === i);
    expect(order.indexOf(issue.id)).toBeLessThan(order.indexOf(tuyaIssue.id));
    expect(order.indexOf(tuyaIssue.id)).toBeLessThan(order.indexOf(issueInRoom.id));
    expect(order.indexOf(issueInRoom.id)).toBeLessThan(order.indexOf(del.id));
  });
});

describe('directory refresh', () => {
  it("adds the cloud's rooms, keeps an imported name, drops a room the cloud no longer lists unless an import also has it", async () => {
    const { rooms, cloud } = station();
    const first = await rooms.refresh('admin');
    expect(first).toMatchObject({
      total: 2,
      added: 2,
      sources: { uclbrt: { ok: true, rooms: 2 }, tuya: { ok: true, locks: 1, mapped: 0, unmapped: ['lock-1'] } },
    });
    await rooms.importCsv({ csv: 'display name,building,floor,room\nGarden 101,1,1,101\nAnnex,,,900' }, 'admin');
    cloud.tree = [{ buildNo: '1', floorNo: '1', roomNo: '101', lockType: 'QRALOCK' }];
    const second = await rooms.refresh('admin');
    expect(second).toMatchObject({ removed: 1, total: 2 });
    expect(rooms.directory.byKey('1-1-101')).toMatchObject({ displayName: 'Garden 101', sources: ['uclbrt', 'import'] });
    expect(rooms.directory.byKey('1-1-102')).toBeUndefined();
    expect(rooms.directory.byKey('--900')).toMatchObject({ sources: ['import'] });
  });

  it('works offline from SQLite; a directory never loaded and not reachable says what to do', async () => {
    const { rooms, cloud } = station();
    cloud.reachable = false;
    await expect(rooms.list({})).rejects.toMatchObject({
      error: { code: 'rooms.directory-empty', params: { detail: expect.stringContaining('ECONNREFUSED') } },
    });
    cloud.reachable = true;
    const loaded = await rooms.refresh('admin');
    expect(loaded.total).toBe(2);
    cloud.reachable = false;
    const failed = await rooms.refresh('admin');
    expect(failed.sources.uclbrt).toMatchObject({ ok: false, error: { code: 'rooms.refresh-failed' } });
    expect((await rooms.list({})).items.map((r) => r.key)).toEqual(['1-1-101', '1-1-102']);
    expect((await rooms.resolve({ room: '102' })).lockType).toBe('QRBLOCK');
  });
});
