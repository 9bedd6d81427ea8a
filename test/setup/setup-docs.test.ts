/** The README's one apt command, what CI installs, and what the tests ask for are the same packages. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHROMIUM, LIBUSB, NFC_LIST, NFC_MFCLASSIC, POSTGRESQL, SOCAT, UDEVADM } from '../system-requirements';
import { REPO_ROOT } from '../helpers';

const APT_COMMAND = 'sudo apt-get install -y udev libusb-1.0-0 socat chromium libnfc-bin postgresql';

describe('system packages a developer installs first', () => {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const ci = readFileSync(join(REPO_ROOT, '.ci/run'), 'utf8');

  it('the README names the one apt command, before npm install', () => {
    const command = readme.indexOf(`\`\`\`sh\n${APT_COMMAND}\n\`\`\``);
    expect(command).toBeGreaterThan(-1);
    expect(command).toBeLessThan(readme.indexOf('npm install && npm start'));
  });

  it('CI installs exactly that list', () => {
    const list = /^packages=\(([^)]*)\)$/m.exec(ci)?.[1].split(/\s+/);
    expect(list).toEqual(APT_COMMAND.split(' ').slice(4));
  });

  it('every system package a test skips without is in that command', () => {
    for (const r of [SOCAT, NFC_LIST, NFC_MFCLASSIC, CHROMIUM, UDEVADM, LIBUSB, POSTGRESQL])
      expect(APT_COMMAND.split(' '), r.name).toContain(r.debPackage);
  });
});
