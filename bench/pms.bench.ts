/**
 * PMS figures: FIAS `KR` → `KA` for QR keys against the sandbox cloud, at 10 requests/s (goal: p95
 * ≤ 300 ms), and the same through the HTTP key API. The sandbox runs in its own process, as a real
 * cloud would; the station and the PMS client (the test suite's independent FIAS client) share
 * this one. Requests are sent on a fixed schedule whatever the answers (open loop), all for the
 * same encoder, so they also go through its one-at-a-time line. Each request is a room action (a
 * new stay) on one of 20 rooms in turn, so from the second round on it first revokes the room's
 * previous key and then issues the new one: two cloud calls, in the room's order.
 *
 * Run: node --import tsx bench/pms.bench.ts
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseStationConfig, withoutSecrets } from '../electron/services/config';
import { silentLogger } from '../electron/services/logging/logger';
import { MemorySecretStore } from '../electron/services/secrets/secret-store';
import { createStation } from '../electron/services/station';
import { QR_ROOMS, rigConfig, rigFixture } from '../test/outbox/sandbox-rig';
import { FiasTestClient } from '../test/pms/fias-client';

const RATE_PER_S = 10;
const DURATION_S = 30;
const TOKEN = 'bench-token-0123456789abcdef';
const dir = mkdtempSync(join(tmpdir(), 'pms-bench-'));

function startSandboxProcess(): Promise<{ url: string; stop: () => void }> {
  const fixture = join(dir, 'fixture.json');
  writeFileSync(fixture, JSON.stringify(rigFixture(10_000_000)));
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(__dirname, '..', 'electron', 'cli', 'main.ts'), 'sandbox', '--port', '0', '--fixture', fixture],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/[^\s]+)/.exec(out);
      if (m) resolve({ url: m[1], stop: () => child.kill('SIGTERM') });
    });
    child.on('exit', (code) => reject(new Error(`the sandbox exited with ${code}`)));
  });
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

function report(label: string, latencies: number[], outcomes: Map<string, number>, wallMs: number): boolean {
  const sorted = [...latencies].sort((a, b) => a - b);
  const p95 = pct(sorted, 95);
  console.log(`${label}: ${sorted.length} requests in ${(wallMs / 1000).toFixed(1)} s (${(sorted.length / (wallMs / 1000)).toFixed(1)}/s)`);
  console.log(
    `  latency p50 ${pct(sorted, 50).toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, p99 ${pct(sorted, 99).toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(1)} ms  (goal p95 <= 300 ms: ${p95 <= 300 ? 'met' : 'NOT met'})`,
  );
  console.log(`  answers: ${[...outcomes].map(([k, n]) => `${k} ${n}`).join(', ')}`);
  return p95 <= 300;
}

/** Sends `send(i)` RATE_PER_S times a second for DURATION_S seconds, not waiting for answers. */
async function openLoop(
  send: (i: number) => Promise<string>,
): Promise<{ latencies: number[]; outcomes: Map<string, number>; wallMs: number }> {
  const total = RATE_PER_S * DURATION_S;
  const latencies: number[] = [];
  const outcomes = new Map<string, number>();
  const started = performance.now();
  const pending: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / RATE_PER_S;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const t = performance.now();
    pending.push(
      send(i).then((outcome) => {
        latencies.push(performance.now() - t);
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      }),
    );
  }
  await Promise.all(pending);
  return { latencies, outcomes, wallMs: performance.now() - started };
}

async function main(): Promise<void> {
  const sandbox = await startSandboxProcess();
  const base = rigConfig(sandbox.url, rigFixture());
  const config = parseStationConfig({
    ...base,
    encoder: { driver: 'none' },
    pms: { fias: { port: 0, mobileField: 'MN' }, http: { port: 0 }, cardKind: 'qr' },
  });
  const secrets = new MemorySecretStore({
    'uclbrt.authToken': config.uclbrt?.authToken,
    'uclbrt.passwordMd5': config.uclbrt?.operator.passwordMd5,
    'tuya.secret': config.tuya?.secret,
    'pms.httpToken': TOKEN,
  });
  const station = await createStation(withoutSecrets(config), { secrets, log: silentLogger, dataDir: join(dir, 'data') });
  let ok = true;
  try {
    const status = await station.pms.start();
    const port = (i: 'fias' | 'http') => status.listeners.find((l) => l.interface === i)!.port!;
    const d = new Date(Date.now() + 2 * 86_400_000);
    const two = (n: number) => String(n).padStart(2, '0');
    const gd = `${two(d.getFullYear() % 100)}${two(d.getMonth() + 1)}${two(d.getDate())}`;
    const room = (i: number) => QR_ROOMS[i % QR_ROOMS.length];

    const client = await FiasTestClient.open(port('fias'));
    await client.handshake();
    // Warm-up: token, connections, statements.
    for (let i = 0; i < 5; i++)
      await client.request(`KR|K#1|KC1|KTN|RN9-1-${room(i).roomNo}|WS1|DA990101|TI${String(900000 + i)}|GD${gd}|MN13800000000|`);
    const fias = await openLoop(async (i) => {
      const ka = await client.request(
        `KR|K#1|KC1|KTN|RN9-1-${room(i).roomNo}|WS1|DA000000|TI${String(i).padStart(6, '0')}|GD${gd}|MN13800000000|`,
        30_000,
      );
      return ka.fields.CT?.includes('previous guest') ? `${ka.fields.AS} (previous key revoked first)` : ka.fields.AS;
    });
    client.close();
    ok =
      report(`FIAS KR -> KA, QR key, ${RATE_PER_S}/s for ${DURATION_S} s, one encoder`, fias.latencies, fias.outcomes, fias.wallMs) && ok;

    const url = `http://127.0.0.1:${port('http')}/v1/room-keys`;
    const end = `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}T12:00:00`;
    const http = await openLoop(async (i) => {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${TOKEN}` },
        body: JSON.stringify({
          keyType: 'New',
          encoderId: '1',
          roomId: `9-1-${room(i).roomNo}`,
          noOfKeys: 1,
          keyValidityEnd: end,
          userId: 'bench',
          mobile: '13800000000',
        }),
      });
      const body = (await res.json()) as { responseCode: string; responseText: string };
      return body.responseText.includes('previous guest') ? `${body.responseCode} (previous key revoked first)` : body.responseCode;
    });
    report(
      `HTTP POST /v1/room-keys -> 201, QR key, ${RATE_PER_S}/s for ${DURATION_S} s, one encoder`,
      http.latencies,
      http.outcomes,
      http.wallMs,
    );
  } finally {
    await station.close();
    sandbox.stop();
  }
  if (!ok) process.exitCode = 1;
}

main()
  .catch((err) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(() => rmSync(dir, { recursive: true, force: true }));
