/**
 * Seen: a cloud error that echoes the request put the operator password MD5 into
 * `operations.last_error`, the activity log, `operations:list` answers and the CSV. Secrets were
 * masked in the log file only. Now the log's redactor masks them wherever vendor text becomes a
 * station error, so the MD5 and the tokens appear nowhere the station stores, answers or exports.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseStationConfig } from '../../electron/services/config';
import { Redactor, REDACTED } from '../../electron/services/logging/redact';
import { md5Hex } from '../../electron/services/secrets/md5';
import { until } from '../outbox/helpers';
import { appLikeStation } from '../live-station';

const PASSWORD_MD5 = md5Hex('Front-Desk-Pa55!');
const AUTH_TOKEN = 'uclbrt-auth-token-0001';
const TUYA_SECRET = 'tuya-client-secret-0001';
const ACCESS_TOKEN = 'tuya-access-7f3a9c21e8';
const REFRESH_TOKEN = 'tuya-refresh-55d0b6e4a1';
const SECRETS = [PASSWORD_MD5, PASSWORD_MD5.toUpperCase(), AUTH_TOKEN, TUYA_SECRET, ACCESS_TOKEN, REFRESH_TOKEN];

let cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

/**
 * A careless cloud: it refuses every card call and quotes back what it received (body, headers),
 * spaced out so only the station's knowledge of its secrets, not their key names, can mask them.
 */
async function echoingCloud(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      res.setHeader('Content-Type', 'application/json');
      if (req.url?.startsWith('/v1.0/token')) {
        res.end(
          JSON.stringify({
            success: true,
            result: { access_token: ACCESS_TOKEN, refresh_token: REFRESH_TOKEN, expire_time: 7200, uid: 'u' },
          }),
        );
        return;
      }
      const quoted = `${body.replace(/[=&]/g, ' ')} | headers ${Object.values(req.headers).join(' ')}`;
      if (req.url?.startsWith('/v1.0/')) res.end(JSON.stringify({ success: false, code: 9999, msg: `cannot process ${quoted}` }));
      // UCLBRT: an unknown status code, so its own text is all there is to show; also shouted in capitals.
      else res.end(JSON.stringify({ status: 7777, info: `request rejected: ${quoted} ${quoted.toUpperCase()}` }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((r) => server.close(() => r())) };
}

describe('secrets echoed by a cloud', () => {
  it('are masked in the database file, every IPC answer and the CSV, while the error still says what happened', async () => {
    const cloud = await echoingCloud();
    cleanups.push(cloud.close);
    const config = parseStationConfig({
      mode: 'live',
      uclbrt: {
        baseUrl: cloud.url,
        accountSid: 'abcdefghijklmnopqrstuvwxyz012345',
        communityNo: '1001',
        authToken: AUTH_TOKEN,
        operator: { creatorMobile: '13800000000', passwordMd5: PASSWORD_MD5 },
      },
      tuya: { baseUrl: cloud.url, clientId: 'client-1', secret: TUYA_SECRET, projectId: 'project-1', lockDeviceIds: ['lock-a'] },
      encoder: { driver: 'none', issueMac: '7C778A6C7D9C' },
    });
    const app = await appLikeStation(config);
    cleanups.push(app.cleanup);

    const ids: string[] = [];
    for (const request of [
      {
        kind: 'uclbrt.prox.issue',
        input: { serialNum: 'A1B2C3D4', buildNo: '1', floorNo: '1', roomNo: '101', end: '2030-01-01T12:00', lockType: 'RFLOCK-V9' },
      },
      { kind: 'tuya.issue', input: { deviceId: 'lock-a', cardId: 'A1B2C3D4' } },
    ]) {
      const r = await app.invoke('operations:submit', request);
      expect(r.ok, JSON.stringify(r)).toBe(true);
      ids.push((r as { data: { id: string } }).data.id);
    }
    await app.invoke('operations:drain', {});
    await until(
      async () => (await Promise.all(ids.map((id) => app.station.outbox.get(id)))).every((op) => op.state === 'failed'),
      15_000,
      'both to fail',
    );

    const answers = {
      list: await app.invoke('operations:list', {}),
      get: await Promise.all(ids.map((id) => app.invoke('operations:get', { id }))),
      audit: await app.invoke('audit:list', {}),
      csv: await app.invoke('audit:exportCsv', {}),
      status: await app.invoke('station:status', {}),
      details: await app.invoke('cards:details', { serialNum: 'A1B2C3D4' }),
    };
    const database = readdirSync(app.dataDir)
      .filter((f) => f.startsWith('station.db'))
      .map((f) => readFileSync(join(app.dataDir, f)).toString('latin1'))
      .join('\n');

    const csv = answers.csv.ok ? (answers.csv.data as { csv: string }).csv : '';
    const everywhere = { ...Object.fromEntries(Object.entries(answers).map(([k, v]) => [k, JSON.stringify(v)])), csv, database };
    for (const [where, text] of Object.entries(everywhere)) {
      for (const secret of SECRETS) expect(text, `${where} holds ${secret}`).not.toContain(secret);
    }
    // Still useful: the clerk sees the cloud refused it, and what it said around the secret.
    const [prox, tuya] = await Promise.all(ids.map((id) => app.station.outbox.get(id)));
    expect(prox.lastError?.message).toMatch(/^UCLBRT: request rejected: .*creatorMobile 13800000000/);
    expect(prox.lastError?.message).toContain(REDACTED);
    expect(tuya.lastError).toMatchObject({ code: 'tuya.9999' });
    expect(tuya.lastError?.serverText).toContain(REDACTED);
    expect(csv).toContain('request rejected');
  });
});

describe('Redactor.error', () => {
  it('masks message, server text and string parameters, keeping code and field', () => {
    const r = new Redactor();
    r.addSecret(PASSWORD_MD5);
    const masked = r.error({
      code: 'uclbrt.7777',
      message: `UCLBRT: bad creatorPassword=${PASSWORD_MD5}`,
      serverText: `BAD ${PASSWORD_MD5.toUpperCase()}`,
      field: 'uclbrt.passwordMd5',
      params: { detail: `x ${PASSWORD_MD5}`, httpStatus: 400 },
    });
    expect(JSON.stringify(masked)).not.toMatch(new RegExp(PASSWORD_MD5, 'i'));
    expect(masked).toMatchObject({ code: 'uclbrt.7777', field: 'uclbrt.passwordMd5', params: { httpStatus: 400 } });
    // A password field echoed by a server is masked by its name too, even before its value is known.
    expect(new Redactor().text('creatorPassword=abcdef0123456789&x=1')).toBe(`creatorPassword=${REDACTED}&x=1`);
  });
});
