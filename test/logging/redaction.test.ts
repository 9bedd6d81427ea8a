import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFileLogger, redactingSecretStore, REDACTED } from '../../electron/services/logging';
import { md5Hex } from '../../electron/services/secrets/md5';
import { MemorySecretStore } from '../../electron/services/secrets/secret-store';
import { demoStation, tempDir } from '../helpers';

const AUTH_TOKEN = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const TUYA_SECRET = 'TuyaSecret-9f8e7d6c5b4a39281706';
const PASSWORD = 'Front-Desk-Pa55!';
const PASSWORD_MD5 = md5Hex(PASSWORD);
const ACCESS_TOKEN = 'tuya-access-token-5566778899';
const SIGN = 'C0FFEE1234567890ABCDEF1234567890ABCDEF1234567890ABCDEF12345678';
const ALL = [AUTH_TOKEN, TUYA_SECRET, PASSWORD, PASSWORD_MD5, ACCESS_TOKEN, SIGN];

describe('log redaction', () => {
  let cleanup: () => void = () => {};
  afterEach(() => cleanup());

  it('keeps every secret out of the log file, whatever path it takes', async () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const file = join(tmp.dir, 'logs', 'station.log');
    const consoleLines: string[] = [];
    const log = createFileLogger({ file, level: 'debug', console: { level: 'debug', write: (l) => consoleLines.push(l) } });
    const secrets = redactingSecretStore(new MemorySecretStore({ 'uclbrt.authToken': AUTH_TOKEN }), log.redactor);
    await secrets.get('uclbrt.authToken');
    await secrets.set('tuya.secret', TUYA_SECRET);
    await secrets.set('uclbrt.passwordMd5', PASSWORD_MD5);

    // Values the store knows, anywhere in messages and fields.
    log.debug(`calling with token ${AUTH_TOKEN}`);
    log.info('tuya', { clientSecret: TUYA_SECRET, nested: { deeper: [`x${TUYA_SECRET}y`] } });
    log.warn('operator login', { operator: { passwordMd5: PASSWORD_MD5 } });
    log.error('request failed', { err: new Error(`401 for authToken=${AUTH_TOKEN}`) });
    log.child('cloud').info(`GET https://api.example/v1?sign=${SIGN}&t=1`, { url: `https://x/y?access_token=${ACCESS_TOKEN}` });
    // Values it does not know, caught by their key names or their shape in text.
    log.info('headers', { headers: { Authorization: `Bearer ${ACCESS_TOKEN}`, 'Content-Type': 'application/json' } });
    log.info('settings patch', { patch: { password: PASSWORD, operatorName: 'Anna' } });
    log.info(`body {"sign":"${SIGN}","access_token":"${ACCESS_TOKEN}"}`);
    log.warn(`Authorization: Bearer ${ACCESS_TOKEN}`);
    log.info('sig field', { sig: SIGN, secret: TUYA_SECRET, token: ACCESS_TOKEN, access_token: ACCESS_TOKEN, authToken: AUTH_TOKEN });
    log.info(`url-encoded ${encodeURIComponent(TUYA_SECRET)}`);

    const written = readFileSync(file, 'utf8');
    const lines = written.trim().split('\n');
    expect(lines).toHaveLength(11);
    for (const secret of ALL) {
      expect(written, `log file leaks ${secret}`).not.toContain(secret);
      expect(consoleLines.join('\n'), `console leaks ${secret}`).not.toContain(secret);
    }
    // Redaction must not blank the useful parts.
    expect(written).toContain(REDACTED);
    expect(written).toContain('request failed');
    expect(written).toContain('"operatorName":"Anna"');
    expect(written).toContain('application/json');
    expect(written).toContain('"scope":"cloud"');
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
  });

  it('keeps the operator password and secrets out of the log when settings change', async () => {
    const tmp = tempDir();
    const file = join(tmp.dir, 'station.log');
    const log = createFileLogger({ file, level: 'debug' });
    const { station, cleanup: stop } = await demoStation({ log, secrets: redactingSecretStore(new MemorySecretStore(), log.redactor) });
    cleanup = () => {
      void stop();
      tmp.cleanup();
    };
    await station.settings.update(
      {
        uclbrt: {
          accountSid: 'A'.repeat(32),
          communityNo: '1234',
          authToken: AUTH_TOKEN,
          password: PASSWORD,
          creatorAreaCode: '86',
          creatorMobile: '13800000000',
        },
        tuya: { clientId: 'client', projectId: 'project', secret: TUYA_SECRET },
      } as never,
      'front-desk',
    );
    log.info('after settings', { view: await station.settings.get() });
    const written = readFileSync(file, 'utf8');
    expect(written).toContain('settings changed');
    for (const secret of [AUTH_TOKEN, TUYA_SECRET, PASSWORD, PASSWORD_MD5]) expect(written).not.toContain(secret);
  });
});
