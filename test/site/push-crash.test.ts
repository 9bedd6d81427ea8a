/**
 * kill -9 of a desk's process in the middle of a push: the site log ends with every fact exactly
 * once, in a gapless order, and another desk converges on the same view.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FactLog } from '../../electron/services/site/fact-log';
import { useDesks } from './desk';
import { deskConfig, setUpSite, SITE_PASSWORD, useCluster, withoutPostgres } from './helpers';

const skip = withoutPostgres('site push crash (PostgreSQL)');
const CHILD = join(__dirname, 'push-child.ts');
const KILLS = 6;

function runChild(env: Record<string, string>, killAfterMs: number | undefined): Promise<{ killed: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let killed = false;
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      if (killAfterMs !== undefined && d.toString().includes('ready')) {
        setTimeout(() => {
          if (child.exitCode === null) killed = child.kill('SIGKILL');
        }, killAfterMs);
      }
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (!killed && code !== 0) reject(new Error(`child exited with ${code}: ${stderr}`));
      else resolve({ killed });
    });
  });
}

describe.skipIf(skip)('a desk killed mid-push', () => {
  const cluster = useCluster();
  const desk = useDesks(cluster);

  it(`survives ${KILLS} SIGKILLs while pushing: every fact once in the site log, no gaps, and the other desk converges`, async () => {
    const c = cluster.get();
    await setUpSite(c, 'crash');
    const a = desk('crash', 'killed-desk');
    const b = desk('crash', 'other-desk');
    const config = deskConfig(c, 'crash', 'killed-desk');
    const env = {
      PUSH_DB: a.dbPath,
      PUSH_URL: config.postgresUrl,
      PUSH_SITE: 'crash',
      PUSH_STATION: 'killed-desk',
      PUSH_PASSWORD: SITE_PASSWORD,
    };
    let kills = 0;
    let n = 0;
    for (let round = 0; kills < KILLS; round++) {
      if (round > KILLS * 4) throw new Error(`only ${kills} kills landed mid-push`);
      for (let i = 0; i < 400; i++, n++) {
        const card = a.issueCard({ roomNo: String(100 + (n % 50)), cardNo: `CRASH${n}` });
        if (n % 4 === 0) a.changeCard(card, { status: 'cancelled' });
      }
      const run = await runChild(env, 20 + Math.random() * 300);
      if (run.killed) kills++;
    }
    await runChild(env, undefined);
    const written = FactLog.of(a.db).lastSeq();
    const [log] = await c.admin<{ n: number; distinct: number; min: string; max: string; head: string }>(
      `SELECT count(*)::int AS n, count(DISTINCT station_seq)::int AS distinct, min(pos) AS min, max(pos) AS max,
              (SELECT last_pos FROM card_station.site_heads WHERE site_id = 'crash') AS head
       FROM card_station.site_facts WHERE site_id = 'crash'`,
    );
    expect(log).toEqual({ n: written, distinct: written, min: '1', max: String(written), head: String(written) });
    await a.sync.syncNow();
    await b.sync.syncNow();
    expect(b.sync.view.snapshot()).toBe(a.sync.view.snapshot());
    expect(b.sync.view.findCards('CRASH8')).toMatchObject([{ status: 'cancelled', stationId: 'killed-desk' }]);
  }, 120_000);
});
