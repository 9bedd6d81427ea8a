import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { StationEvents } from '../../electron/services/events';
import { Outbox } from '../../electron/services/outbox';
import type { Progress } from '../../shared/domain/status';
import { FakeExecutor, reportLost, tempDir } from './helpers';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('draining a queue', () => {
  it('reports its progress to the renderer until everything is sent', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const events = new StationEvents();
    const progress: Progress[] = [];
    events.on('progress', (p) => progress.push(p));
    const executor = new FakeExecutor(async () => {
      await new Promise((r) => setTimeout(r, 100));
      return { kind: 'success', result: {} };
    });
    const outbox = new Outbox({ database: join(t.dir, 'station.db'), executor, events, autoStart: false });
    cleanups.push(() => outbox.close());
    for (let i = 0; i < 20; i++) await outbox.submit(reportLost(`CARD${String(i).padStart(4, '0')}`), 'desk');

    outbox.start();
    const summary = await outbox.drain();

    expect(summary.queued + summary.sending).toBe(0);
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.every((p) => p.task === 'drain' && p.total === 20)).toBe(true);
    expect(progress.some((p) => p.done > 0 && p.done < 20)).toBe(true);
    expect(progress.at(-1)?.done).toBe(20);
    expect(progress.map((p) => p.done)).toEqual([...progress.map((p) => p.done)].sort((a, b) => a - b));
  });

  it('says nothing when there is nothing to send', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const events = new StationEvents();
    const progress: Progress[] = [];
    events.on('progress', (p) => progress.push(p));
    const outbox = new Outbox({ database: join(t.dir, 'station.db'), executor: new FakeExecutor(), events });
    cleanups.push(() => outbox.close());
    await outbox.drain();
    expect(progress).toEqual([]);
  });
});
