import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ConfigError,
  defaultDataDir,
  ensureWritableDataDir,
  loadStationConfig,
  resolveConfigPath,
  resolveDataDir,
} from '../../electron/services/config';
import {
  EncryptedFileSecretStore,
  layeredSecretStore,
  type StringCipher,
} from '../../electron/services/secrets/encrypted-file-secret-store';
import { EnvFileSecretStore } from '../../electron/services/secrets/env-file-secret-store';
import { md5Hex } from '../../electron/services/secrets/md5';
import { MemorySecretStore } from '../../electron/services/secrets/secret-store';
import { StationFailure } from '../../electron/services/failure';
import { signedInInvoke } from '../sign-in';
import { demoStation, tempDir } from '../helpers';

let cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});
function tmp() {
  const t = tempDir();
  cleanups.push(t.cleanup);
  return t.dir;
}

function loadError(content: string): ConfigError {
  const file = join(tmp(), 'station.json');
  writeFileSync(file, content);
  try {
    loadStationConfig(file);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('config was accepted');
}

const GOOD_UCLBRT = { accountSid: 'abcdefghijklmnopqrstuvwxyz012345', communityNo: '1001' };

describe('station config', () => {
  it('no config means demo mode with defaults', () => {
    const { config, path } = loadStationConfig(undefined);
    expect(path).toBeUndefined();
    expect(config).toMatchObject({ mode: 'demo', language: 'en', encoder: { driver: 'simulator' } });
  });

  it('names the field and the rule when something is wrong', () => {
    expect(loadError(JSON.stringify({ uclbrt: { ...GOOD_UCLBRT, accountSid: 'short' } })).issues).toContain(
      'uclbrt.accountSid: must be the 32-letter-and-digit Account SID',
    );
    expect(loadError(JSON.stringify({ uclbrt: { accountSid: GOOD_UCLBRT.accountSid } })).issues).toContain(
      'uclbrt.communityNo: is required',
    );
    expect(loadError(JSON.stringify({ encoder: { driver: 'pn532' } })).issues).toContain('encoder.port: is required for the pn532 driver');
    expect(loadError(JSON.stringify({ uclbrt: { ...GOOD_UCLBRT, timezone: 'Mars/Olympus' } })).issues[0]).toMatch(
      /^uclbrt\.timezone: must be an IANA time zone/,
    );
    const err = loadError(JSON.stringify({ encoder: { issueMac: '7C:77:8A:6C:7D:9C' } }));
    expect(err.error).toMatchObject({ code: 'station.config-invalid', field: 'encoder.issueMac' });
    expect(err.message).toMatch(/encoder\.issueMac: must be 12 hex digits/);
  });

  it('says which unknown field it does not know', () => {
    expect(loadError(JSON.stringify({ encodr: {} })).issues.join('\n')).toMatch(/encodr/);
  });

  it('refuses unknown keys at any depth, naming each with the key it was likely meant to be', () => {
    const err = loadError(
      JSON.stringify({
        uclbrt: { ...GOOD_UCLBRT, authtoken: 'tok', operator: { creatorMobile: '13800000000', password: 'hunter2' } },
        tuya: { clientId: 'c', projectId: 'p', secrett: 's' },
        encoder: { driver: 'simulator', serialFromat: 'dec' },
      }),
    );
    expect(err.issues).toEqual([
      'uclbrt.operator.password: is not a known key: the plain password is never kept in the file; put its MD5 in uclbrt.operator.passwordMd5, or give the password to the CLI in STATION_UCLBRT_PASSWORD',
      'uclbrt.authtoken: is not a known key; did you mean "authToken"?',
      'tuya.secrett: is not a known key; did you mean "secret"?',
      'encoder.serialFromat: is not a known key; did you mean "serialFormat"?',
    ]);
    expect(err.error).toMatchObject({ code: 'station.config-invalid', field: 'uclbrt.operator.password' });
    expect(loadError(JSON.stringify({ encoder: { colour: 'blue' } })).issues).toEqual([
      'encoder.colour: is not a known key (known here: driver, port, baudRate, serialFormat, issueMac, lockType)',
    ]);
  });

  it('refuses a file that is not UTF-8 (naming the line) or larger than 1 MB, each with its own message', () => {
    const file = join(tmp(), 'latin1.json');
    writeFileSync(file, Buffer.concat([Buffer.from('{\n  "operatorName": "Jos'), Buffer.from([0xe9]), Buffer.from('"\n}\n')]));
    const notUtf8 = (() => {
      try {
        loadStationConfig(file);
      } catch (e) {
        return e as ConfigError;
      }
    })();
    expect(notUtf8?.error).toMatchObject({ code: 'station.config-not-utf8', params: { line: 2 } });
    expect(notUtf8?.message).toBe(`The configuration file ${file} is not UTF-8 text (first bad byte on line 2).`);

    const big = join(tmp(), 'big.json');
    writeFileSync(big, JSON.stringify({ operatorName: 'a', $schema: 'x'.repeat(1024 * 1024) }));
    const tooLarge = (() => {
      try {
        loadStationConfig(big);
      } catch (e) {
        return e as ConfigError;
      }
    })();
    expect(tooLarge?.error).toMatchObject({ code: 'station.config-too-large' });
    expect(tooLarge?.message).toBe(`The configuration file ${big} is larger than 1 MB; a station configuration is a short JSON file.`);
    // A UTF-8 file with Chinese text and a BOM is fine.
    const zh = join(tmp(), 'zh.json');
    writeFileSync(zh, `\uFEFF${JSON.stringify({ operatorName: '前台 张三' })}`);
    expect(loadStationConfig(zh).config.operatorName).toBe('前台 张三');
  });

  it('reports a file that is not JSON or missing as unreadable', () => {
    expect(loadError('{ not json').error.code).toBe('station.config-unreadable');
    expect(() => loadStationConfig(join(tmp(), 'missing.json'))).toThrow(/cannot be read/);
  });

  it('takes --config over STATION_CONFIG, and the data dir from env, config or platform', () => {
    const dir = tmp();
    expect(resolveConfigPath('/a/b.json', { STATION_CONFIG: '/c/d.json' })).toBe('/a/b.json');
    expect(resolveConfigPath(undefined, { STATION_CONFIG: '/c/d.json' })).toBe('/c/d.json');
    expect(resolveConfigPath(undefined, { STATION_DATA_DIR: dir })).toBeUndefined();
    writeFileSync(join(dir, 'station.config.json'), '{}');
    expect(resolveConfigPath(undefined, { STATION_DATA_DIR: dir })).toBe(join(dir, 'station.config.json'));
    expect(resolveDataDir({ dataDir: 'data' }, '/etc/station/config.json', {})).toBe('/etc/station/data');
    expect(resolveDataDir({ dataDir: 'data' }, '/etc/station/config.json', { STATION_DATA_DIR: dir })).toBe(dir);
    expect(defaultDataDir({ APPDATA: 'C:\\Users\\x\\AppData\\Roaming' }, 'win32')).toMatch(/Card Station$/);
    expect(defaultDataDir({ XDG_DATA_HOME: '/home/x/.local/share' }, 'linux')).toBe('/home/x/.local/share/card-station');
  });

  it('refuses a data folder it cannot write', () => {
    const file = join(tmp(), 'a-file');
    writeFileSync(file, 'x');
    expect(() => ensureWritableDataDir(join(file, 'sub'))).toThrow(StationFailure);
  });
});

describe('CLI secrets (environment, then config file)', () => {
  it('reads env first, hashes the plain password at once, then falls back to the file', async () => {
    const file = join(tmp(), 'c.json');
    writeFileSync(
      file,
      JSON.stringify({
        uclbrt: { ...GOOD_UCLBRT, authToken: 'from-file', operator: { passwordMd5: md5Hex('filepw') } },
        tuya: { clientId: 'c', projectId: 'p', secret: 'file-secret' },
      }),
    );
    const fromEnv = new EnvFileSecretStore(file, { STATION_UCLBRT_AUTH_TOKEN: 'from-env', STATION_UCLBRT_PASSWORD: 'plain pw' });
    expect(await fromEnv.get('uclbrt.authToken')).toBe('from-env');
    expect(await fromEnv.get('uclbrt.passwordMd5')).toBe(md5Hex('plain pw'));
    expect(await fromEnv.get('tuya.secret')).toBe('file-secret');
    const fileOnly = new EnvFileSecretStore(file, {});
    expect(await fileOnly.get('uclbrt.authToken')).toBe('from-file');
    expect(await fileOnly.get('uclbrt.passwordMd5')).toBe(md5Hex('filepw'));
    await fileOnly.set('tuya.secret', 'new-secret');
    expect(JSON.parse(readFileSync(file, 'utf8')).tuya.secret).toBe('new-secret');
    expect(md5Hex('123456')).toBe('e10adc3949ba59abbe56e057f20f883e');
  });

  it('keeps encrypted blobs only, and refuses to store without OS encryption', async () => {
    const file = join(tmp(), 'secrets.json');
    const cipher: StringCipher = {
      isEncryptionAvailable: () => true,
      encryptString: (s) => Buffer.from([...Buffer.from(s)].map((b) => b ^ 0x5a)),
      decryptString: (b) => Buffer.from([...b].map((x) => x ^ 0x5a)).toString(),
    };
    const store = new EncryptedFileSecretStore(file, cipher);
    await store.set('uclbrt.authToken', 'very-secret-token');
    expect(readFileSync(file, 'utf8')).not.toContain('very-secret-token');
    expect(await new EncryptedFileSecretStore(file, cipher).get('uclbrt.authToken')).toBe('very-secret-token');
    const locked = new EncryptedFileSecretStore(file, { ...cipher, isEncryptionAvailable: () => false });
    await expect(locked.set('tuya.secret', 'x')).rejects.toMatchObject({ error: { code: 'station.secret-store' } });
    const layered = layeredSecretStore(store, new MemorySecretStore({ 'tuya.secret': 'fallback' }));
    expect(await layered.get('tuya.secret')).toBe('fallback');
    expect(await layered.get('uclbrt.authToken')).toBe('very-secret-token');
  });
});

describe('settings service', () => {
  it('shows settings without secrets, saves non-secrets to the file and secrets to the store, password hashed', async () => {
    const secrets = new MemorySecretStore();
    const { station, dataDir, cleanup } = await demoStation({ secrets });
    cleanups.push(cleanup);
    const statuses: string[] = [];
    station.events.on('station:status', (s) => statuses.push(s.mode));

    const view = await station.settings.update(
      {
        mode: 'live',
        operatorName: 'Anna',
        uclbrt: { ...GOOD_UCLBRT, authToken: 'tok-123456', password: 'hunter22', creatorAreaCode: '86', creatorMobile: '13800000000' },
        encoder: { driver: 'pn532', port: '/dev/ttyUSB0' },
      } as never,
      'Anna',
    );
    expect(view).toMatchObject({
      mode: 'live',
      operatorName: 'Anna',
      uclbrt: { hasAuthToken: true, hasPassword: true, creatorMobile: '13800000000' },
      tuya: null,
      encoder: { driver: 'pn532', port: '/dev/ttyUSB0' },
    });
    expect(JSON.stringify(view)).not.toMatch(/tok-123456|hunter22|passwordMd5|authToken"/);
    expect(await secrets.get('uclbrt.passwordMd5')).toBe(md5Hex('hunter22'));
    expect(await secrets.get('uclbrt.authToken')).toBe('tok-123456');

    const saved = readFileSync(join(dataDir, 'station.config.json'), 'utf8');
    expect(JSON.parse(saved)).toMatchObject({
      mode: 'live',
      operatorName: 'Anna',
      uclbrt: { accountSid: GOOD_UCLBRT.accountSid, operator: { creatorMobile: '13800000000' } },
    });
    expect(saved).not.toMatch(/tok-123456|hunter22|passwordMd5|authToken/);
    expect(station.config.mode).toBe('live');
    expect(station.operatorName()).toBe('Anna');
    expect(statuses).toContain('live');
    // The activity log says who changed what, never the values of secrets.
    const audit = await station.registry.auditList({ action: 'settings.changed', limit: 10, offset: 0 });
    expect(audit.items).toHaveLength(1);
    expect(audit.items[0]).toMatchObject({ operator: 'Anna', action: 'settings.changed' });
    expect(audit.items[0].detail).toMatch(/uclbrt/);
    expect(audit.items[0].detail).toMatch(/uclbrt\.authToken/);
    expect(JSON.stringify(audit.items)).not.toMatch(/tok-123456|hunter22/);
    // The saved file loads back as a valid config.
    expect(loadStationConfig(join(dataDir, 'station.config.json')).config.uclbrt?.communityNo).toBe('1001');
  });

  it('refuses a change that would make the config invalid, naming the field, and changes nothing', async () => {
    const { station, dataDir, cleanup } = await demoStation();
    cleanups.push(cleanup);
    await expect(station.settings.update({ encoder: { driver: 'rdm6300' } } as never, 'x')).rejects.toMatchObject({
      error: { code: 'station.validation', field: 'encoder.port' },
    });
    expect(station.config.encoder.driver).toBe('simulator');
    expect(() => readFileSync(join(dataDir, 'station.config.json'))).toThrow();
  });

  it('a Settings change with a mistyped key is refused over IPC, naming it, instead of dropping it', async () => {
    const { station, cleanup } = await demoStation();
    cleanups.push(cleanup);
    const invoke = await signedInInvoke(station, 'administrator');
    const r = await invoke('settings:update', { uclbrt: { ...GOOD_UCLBRT, authtoken: 'tok-123456' } });
    expect(r).toMatchObject({ ok: false, error: { code: 'station.validation', field: 'uclbrt.authtoken' } });
    if (!r.ok) expect(r.error.message).toContain('uclbrt.authtoken: is not a known key; did you mean "authToken"?');
    expect(station.config.uclbrt).toBeUndefined();
  });

  it('removing a provider deletes its secrets', async () => {
    const secrets = new MemorySecretStore();
    const { station, cleanup } = await demoStation({ secrets });
    cleanups.push(cleanup);
    await station.settings.update({ tuya: { clientId: 'c', projectId: 'p', secret: 's3cr3t' } } as never, 'x');
    expect((await station.settings.get()).tuya?.hasSecret).toBe(true);
    await station.settings.update({ tuya: null }, 'x');
    expect((await station.settings.get()).tuya).toBeNull();
    expect(await secrets.get('tuya.secret')).toBeUndefined();
  });
});
