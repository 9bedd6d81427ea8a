/** The HTTP key API token is a secret like the clouds' ones: from the environment or the file, never in the live config, kept in the file by Settings. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadStationConfig, withoutSecrets } from '../../electron/services/config';
import { createFileLogger, redactingSecretStore } from '../../electron/services/logging';
import { silentLogger } from '../../electron/services/logging/logger';
import { EnvFileSecretStore } from '../../electron/services/secrets/env-file-secret-store';
import { createSettingsService } from '../../electron/services/settings/settings-service';
import { tempDir } from '../helpers';

const TOKEN = 'file-token-0123456789abcdefghij';
const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function configFile(): { dir: string; file: string } {
  const t = tempDir('cs-pms-secret-');
  cleanups.push(t.cleanup);
  const file = join(t.dir, 'station.config.json');
  writeFileSync(file, JSON.stringify({ pms: { http: { host: '0.0.0.0', port: 5011, token: TOKEN } } }));
  return { dir: t.dir, file };
}

describe('PMS HTTP token', () => {
  it('comes from STATION_PMS_HTTP_TOKEN before the file, and is not part of the live config', async () => {
    const { file } = configFile();
    expect(await new EnvFileSecretStore(file, {}).get('pms.httpToken')).toBe(TOKEN);
    expect(await new EnvFileSecretStore(file, { STATION_PMS_HTTP_TOKEN: 'env-token-0123456789abcdef' }).get('pms.httpToken')).toBe(
      'env-token-0123456789abcdef',
    );
    const { config } = loadStationConfig(file);
    expect(config.pms?.http?.token).toBe(TOKEN);
    expect(withoutSecrets(config).pms?.http).toEqual({ host: '0.0.0.0', port: 5011, encoderId: '1' });
  });

  it('is masked in the log once the secret store has read it', async () => {
    const { dir, file } = configFile();
    const log = createFileLogger({ file: join(dir, 'station.log') });
    await redactingSecretStore(new EnvFileSecretStore(file, {}), log.redactor).get('pms.httpToken');
    log.warn(`PMS sent Bearer ${TOKEN} in ${TOKEN}`);
    const text = readFileSync(join(dir, 'station.log'), 'utf8');
    expect(text).not.toContain(TOKEN);
    expect(text).toContain('[redacted]');
  });

  it('written by hand in the file, it stays there when Settings saves a change', async () => {
    const { dir, file } = configFile();
    const { config } = loadStationConfig(file);
    let current = withoutSecrets(config);
    const settings = createSettingsService({
      getConfig: () => current,
      setConfig: (next) => (current = next),
      secrets: new EnvFileSecretStore(file, {}),
      dataDir: dir,
      configPath: file,
      log: silentLogger,
    });
    await settings.update({ language: 'zh-CN' }, 'desk');
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    expect(saved.language).toBe('zh-CN');
    expect(saved.pms.http).toEqual({ host: '0.0.0.0', port: 5011, encoderId: '1', token: TOKEN });
  });
});
