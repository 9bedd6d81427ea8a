import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadStationConfig } from '../../electron/services/config';
import { REPO_ROOT } from '../helpers';

describe('packaging and start-up', () => {
  it('electron-builder builds nsis, AppImage, deb and dmg with native modules unpacked (all N-API: nothing to rebuild)', () => {
    // Read as text: the YAML parser is not a direct dependency.
    const cfg = readFileSync(join(REPO_ROOT, 'electron-builder.yml'), 'utf8');
    const section = (name: string) => cfg.split(new RegExp(`^${name}:\\n`, 'm'))[1]?.split(/^\S/m)[0] ?? '';
    expect(section('win')).toMatch(/target: nsis/);
    expect(section('linux')).toMatch(/- AppImage\n\s+- deb/);
    expect(section('mac')).toMatch(/- dmg/);
    const unpack = section('asarUnpack');
    for (const mod of ['serialport', '@serialport', 'node-hid', 'libsql', '@libsql']) expect(unpack).toContain(`node_modules/${mod}/**`);
    expect(unpack).toContain("'**/*.node'");
    expect(cfg).toMatch(/^npmRebuild: false$/m);
    expect(cfg).not.toContain('better-sqlite3');
    expect(section('extraResources')).toMatch(/from: resources/);
  });

  it('the example config is a valid live configuration', () => {
    const { config } = loadStationConfig(join(REPO_ROOT, 'resources/station.config.example.json'));
    expect(config.mode).toBe('live');
    expect(config.uclbrt?.accountSid).toHaveLength(32);
  });

  it('CI runs exactly the README test command', () => {
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    expect(readme).toContain('npm install && npm start');
    expect(readme).toMatch(/```sh\nnpm test\n```/);
    const ci = readFileSync(join(REPO_ROOT, '.ci/run'), 'utf8').trim().split('\n');
    expect(ci[ci.length - 1]).toBe('npm test');
    expect(ci).toContain('set -euo pipefail');
    expect(ci).toContain('npm ci');
  });
});
