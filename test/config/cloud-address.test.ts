/**
 * A cloud's address decides where the station's secrets go. Seen: changing `uclbrt.baseUrl` over
 * IPC and issuing a proximity card sent the stored operator password MD5 to the new host over
 * plain HTTP. Now: a new address must come with its secrets typed again, live mode speaks https
 * (plain http only to this computer), and an address carrying `user:pass@` is refused.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, parseStationConfig } from '../../electron/services/config';
import { StationFailure } from '../../electron/services/failure';
import { md5Hex } from '../../electron/services/secrets/md5';
import { MemorySecretStore } from '../../electron/services/secrets/secret-store';
import { describeError } from '../../shared/errors';
import { startSandboxRig, PROX_ROOM } from '../outbox/sandbox-rig';
import { until } from '../outbox/helpers';
import { demoStation } from '../helpers';
import { appLikeStation } from '../live-station';

let cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

const UCLBRT = { accountSid: 'abcdefghijklmnopqrstuvwxyz012345', communityNo: '1001' };
const PATCH = { ...UCLBRT, creatorAreaCode: '86', creatorMobile: '13800000000' };

/** A host that records whatever reaches it: where the secrets must never go. */
async function listeningHost(): Promise<{ url: string; bodies: string[]; close: () => Promise<void> }> {
  const bodies: string[] = [];
  const server = http.createServer((req, res) => {
    let body = `${req.method} ${req.url}\n`;
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      bodies.push(body);
      res.setHeader('Content-Type', 'application/json');
      res.end('{"status":200,"serialNum":"A1B2C3D4"}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    bodies,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

function configIssues(raw: unknown): string[] {
  try {
    parseStationConfig(raw);
  } catch (err) {
    if (err instanceof ConfigError) return err.issues;
    throw err;
  }
  return [];
}

describe('cloud addresses in the configuration', () => {
  it('refuses a user name or password inside the address, in any mode', () => {
    expect(configIssues({ uclbrt: { ...UCLBRT, baseUrl: 'https://admin:hunter2@api.uclbrt.com' } })).toEqual([
      'uclbrt.baseUrl: must not contain a user name or password (user:pass@); the station keeps secrets in their own fields',
    ]);
    expect(configIssues({ tuya: { clientId: 'c', projectId: 'p', baseUrl: 'https://token@openapi.tuyacn.com' } })[0]).toMatch(
      /^tuya\.baseUrl: must not contain a user name/,
    );
  });

  it('live mode needs https, except to this computer; demo mode may use plain http (a sandbox on the LAN)', () => {
    const live = (baseUrl: string) =>
      configIssues({ mode: 'live', uclbrt: { ...UCLBRT, baseUrl }, tuya: { clientId: 'c', projectId: 'p', baseUrl } });
    expect(live('http://cloud.example.com')).toEqual([
      'uclbrt.baseUrl: must start with https:// in live mode (plain http:// only to this computer: localhost, 127.0.0.1, [::1])',
      'tuya.baseUrl: must start with https:// in live mode (plain http:// only to this computer: localhost, 127.0.0.1, [::1])',
    ]);
    for (const ok of ['https://api.uclbrt.com', 'http://127.0.0.1:8080', 'http://localhost:3000', 'http://[::1]:9000'])
      expect(live(ok), ok).toEqual([]);
    expect(configIssues({ mode: 'demo', uclbrt: { ...UCLBRT, baseUrl: 'http://192.168.1.20:8080' } })).toEqual([]);
  });
});

describe('changing a cloud address in Settings', () => {
  async function configuredStation() {
    const secrets = new MemorySecretStore();
    const { station, dataDir, cleanup } = await demoStation({ secrets });
    cleanups.push(cleanup);
    await station.settings.update(
      { uclbrt: { ...PATCH, baseUrl: 'https://api.uclbrt.com', authToken: 'tok-123456', password: 'hunter22' } } as never,
      'it',
    );
    await station.settings.update({ tuya: { clientId: 'c', projectId: 'p', secret: 'tuya-s3cret' } } as never, 'it');
    return { station, secrets, dataDir };
  }

  it('asks for the secrets again: a new address without them is refused and nothing changes', async () => {
    const { station, secrets, dataDir } = await configuredStation();
    const fileBefore = readFileSync(join(dataDir, 'station.config.json'), 'utf8');

    const refused = station.settings.update({ uclbrt: { ...PATCH, baseUrl: 'https://evil.example.com' } } as never, 'x');
    await expect(refused).rejects.toMatchObject({
      error: {
        code: 'station.secrets-reenter',
        field: 'uclbrt.authToken',
        params: { provider: 'UCLBRT', secrets: 'auth token and operator password' },
      },
    });
    const error = await refused.then(
      () => Promise.reject(new Error('accepted')),
      (e: StationFailure) => e.error,
    );
    expect(describeError(error, 'en').text).toBe(
      'The UCLBRT address changed: enter the auth token and operator password again. Stored secrets are only sent to the address they were entered for.',
    );
    expect(describeError(error, 'zh-CN').text).toContain('请重新输入授权令牌（Auth Token）和操作员密码');

    // The token alone is not enough while a password is stored.
    await expect(
      station.settings.update({ uclbrt: { ...PATCH, baseUrl: 'https://evil.example.com', authToken: 'tok-new' } } as never, 'x'),
    ).rejects.toMatchObject({
      error: { code: 'station.secrets-reenter', field: 'uclbrt.password' },
    });
    await expect(
      station.settings.update({ tuya: { clientId: 'c', projectId: 'p', baseUrl: 'https://openapi.tuyaus.com' } } as never, 'x'),
    ).rejects.toMatchObject({
      error: { code: 'station.secrets-reenter', field: 'tuya.secret' },
    });

    expect(station.config.uclbrt?.baseUrl).toBe('https://api.uclbrt.com');
    expect(station.config.tuya?.baseUrl).toBe('https://openapi.tuyacn.com');
    expect(readFileSync(join(dataDir, 'station.config.json'), 'utf8')).toBe(fileBefore);
    expect(await secrets.get('uclbrt.authToken')).toBe('tok-123456');
  });

  it('takes the new address with its secrets typed again; the same server (other path, trailing slash) needs nothing', async () => {
    const { station, secrets } = await configuredStation();
    await station.settings.update({ uclbrt: { ...PATCH, baseUrl: 'https://API.uclbrt.com:443/' } } as never, 'x');
    const view = await station.settings.update(
      { uclbrt: { ...PATCH, baseUrl: 'https://api2.uclbrt.com', authToken: 'tok-new', password: 'pw-new' } } as never,
      'x',
    );
    expect(view.uclbrt).toMatchObject({ baseUrl: 'https://api2.uclbrt.com', hasAuthToken: true, hasPassword: true });
    expect(await secrets.get('uclbrt.authToken')).toBe('tok-new');
    expect(await secrets.get('uclbrt.passwordMd5')).toBe(md5Hex('pw-new'));
  });
});

describe('over IPC, as the finding was seen', () => {
  it('settings:update pointing UCLBRT at another host is refused, and the next proximity card goes to the real cloud only', async () => {
    const rig = await startSandboxRig();
    cleanups.push(() => rig.close());
    const attacker = await listeningHost();
    cleanups.push(attacker.close);
    const app = await appLikeStation(rig.config);
    cleanups.push(app.cleanup);
    const u = rig.config.uclbrt!;
    const patch = {
      baseUrl: attacker.url,
      accountSid: u.accountSid,
      communityNo: u.communityNo,
      timezone: u.timezone,
      lockType: u.lockType,
      creatorAreaCode: u.operator.creatorAreaCode,
      creatorMobile: u.operator.creatorMobile,
    };

    const moved = await app.invoke('settings:update', { uclbrt: patch });

    const submitted = await app.invoke('operations:submit', {
      kind: 'uclbrt.prox.issue',
      input: { serialNum: 'A1B2C3D4', ...PROX_ROOM, end: '2030-01-01T12:00', lockType: 'RFLOCK-V9' },
    });
    expect(submitted.ok).toBe(true);
    const id = (submitted as { data: { id: string } }).data.id;
    await app.invoke('operations:drain', {});
    await until(
      async () => ['done', 'failed', 'uncertain'].includes((await app.station.outbox.get(id)).state),
      15_000,
      'the card to be sent',
    );
    // What the finding saw first: the other host got the request with the operator password MD5.
    expect(attacker.bodies.join('\n')).not.toContain(u.operator.passwordMd5!);
    expect(attacker.bodies).toEqual([]);
    expect(moved).toMatchObject({ ok: false, error: { code: 'station.secrets-reenter', field: 'uclbrt.authToken' } });
    expect(app.station.config.uclbrt?.baseUrl).toBe(rig.config.uclbrt!.baseUrl);
    expect((await app.station.outbox.get(id)).state).toBe('done');
    // Done means the real cloud checked the operator password: it went there, and only there.
    expect((await rig.requests()).some((r) => r.path.startsWith('/Home/Qrm/'))).toBe(true);
  });

  it('settings:update refuses credentials in the address, and plain http to another host in live mode', async () => {
    const rig = await startSandboxRig();
    cleanups.push(() => rig.close());
    const app = await appLikeStation(rig.config);
    cleanups.push(app.cleanup);
    const u = rig.config.uclbrt!;
    const base = { accountSid: u.accountSid, communityNo: u.communityNo, authToken: 'new-token', password: 'new-password' };
    const withUser = await app.invoke('settings:update', { uclbrt: { ...base, baseUrl: 'https://user:pw@api.uclbrt.com' } });
    expect(withUser).toMatchObject({ ok: false, error: { code: 'station.validation', field: 'uclbrt.baseUrl' } });
    const plain = await app.invoke('settings:update', { uclbrt: { ...base, baseUrl: 'http://cloud.example.com' } });
    expect(plain).toMatchObject({ ok: false, error: { code: 'station.validation', field: 'uclbrt.baseUrl' } });
    if (!plain.ok) expect(plain.error.message).toContain('must start with https:// in live mode');
    expect(app.station.config.uclbrt?.baseUrl).toBe(u.baseUrl);
  });
});
