import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/main';
import type { Operation } from '../../shared/domain/operations';
import { tempDir } from './helpers';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

async function cli(dataDir: string, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, {
    stdout: (t) => (out += `${t}\n`),
    stderr: (t) => (err += `${t}\n`),
    env: { ...process.env, STATION_DATA_DIR: dataDir, STATION_CONFIG: '' },
    interrupted: new Promise(() => {}),
  });
  return { code, out, err };
}

describe('outbox CLI', () => {
  it('queues a loss report, lists it, finds nothing sent yet, discards it, and exports the log', async () => {
    const t = tempDir('cli-');
    cleanups.push(t.cleanup);
    const lost = await cli(t.dir, 'report-lost', '--card-no', 'CLICARD01', '--wait', '300', '--operator', 'night desk');
    expect(lost.code).toBe(0);
    const op = JSON.parse(lost.out) as Operation;
    expect(op).toMatchObject({ kind: 'uclbrt.qr.reportLost', state: 'queued', operator: 'night desk', input: { cardNo: 'CLICARD01', wholeRoom: false } });
    expect(lost.err).toContain('queued');

    const listed = await cli(t.dir, 'queue', 'list', '--state', 'queued');
    expect(listed.code).toBe(0);
    expect((JSON.parse(listed.out) as { items: Operation[] }).items.map((o) => o.id)).toEqual([op.id]);

    const discarded = await cli(t.dir, 'queue', 'discard', op.id);
    expect(discarded.code).toBe(0);
    expect((JSON.parse(discarded.out) as Operation).state).toBe('discarded');
    const again = await cli(t.dir, 'queue', 'retry', op.id, '--json');
    expect(again.code).toBe(4);
    expect(JSON.parse(again.out).error.code).toBe('outbox.not-retryable');

    const file = join(t.dir, 'audit.csv');
    const exported = await cli(t.dir, 'audit', 'export', '--csv', file);
    expect(exported.code).toBe(0);
    const lines = readFileSync(file, 'utf8').trim().split('\r\n');
    expect(lines[0]).toContain('seq,at,operator,action');
    expect(lines.some((l) => l.includes('night desk,operation.accepted'))).toBe(true);
    expect(lines.some((l) => l.includes('front-desk,operation.discarded'))).toBe(true);
  });

  it('shows a queued QR issue as a pending card, found by room and mobile', async () => {
    const t = tempDir('cli-');
    cleanups.push(t.cleanup);
    const issued = await cli(t.dir, 'issue-qr', '--room', '1808', '--mobile', '13700001234', '--end', '2030-05-01T12:00', '--wait', '0');
    expect(issued.code).toBe(0);
    for (const q of ['1808', '13700001234', '1234']) {
      const found = await cli(t.dir, 'cards', 'find', q);
      expect(found.code).toBe(0);
      expect((JSON.parse(found.out) as { items: { roomNo: string; status: string }[] }).items).toMatchObject([{ roomNo: '1808', status: 'pending' }]);
    }
  });

  it('refuses bad input as a usage error naming the field', async () => {
    const t = tempDir('cli-');
    cleanups.push(t.cleanup);
    const bad = await cli(t.dir, 'report-lost', '--card-no', 'no spaces!');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('cardNo');
    const missing = await cli(t.dir, 'cancel-proximity');
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('--serial-num');
    const unknown = await cli(t.dir, 'queue', 'retry', 'no-such-id', '--json');
    expect(unknown.code).toBe(4);
    expect(JSON.parse(unknown.out).error.code).toBe('outbox.not-found');
  });
});
