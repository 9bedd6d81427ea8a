/**
 * "This test needs system tool X from Debian package Y." A test that needs a program or library
 * the apt command in the README installs skips when it is missing, with one line on stderr naming
 * the package, and never fails for that reason:
 *
 *   const reason = needs('PN532 driver over a pty', SOCAT);
 *   describe.skipIf(reason)('PN532 driver over a pty', () => { ... });
 *
 * To see the skip lines on a machine that has everything, pretend some are missing:
 * `STATION_TEST_WITHOUT=socat,libusb-1.0-0 npx vitest run test/encoder` (tool names or package
 * names, comma-separated). A PATH without the program works too.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export interface SystemRequirement {
  /** What the test needs, as a person would look for it: `socat`, `nfc-list`, `libusb-1.0.so.0`. */
  readonly name: string;
  /** The Debian/Ubuntu package that provides it. */
  readonly debPackage: string;
  /** Probed on first use. */
  readonly present: boolean;
}

function pretendMissing(name: string, debPackage: string): boolean {
  const without = (process.env.STATION_TEST_WITHOUT ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return without.includes(name) || without.includes(debPackage);
}

function requirement(name: string, debPackage: string, probe: () => boolean): SystemRequirement {
  let present: boolean | undefined;
  return {
    name,
    debPackage,
    get present() {
      present ??= !pretendMissing(name, debPackage) && probe();
      return present;
    },
  };
}

function onPath(command: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => {
    if (!dir) return false;
    try {
      accessSync(join(dir, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** A program looked up on PATH. */
export function systemCommand(command: string, debPackage: string): SystemRequirement {
  return requirement(command, debPackage, () => onPath(command));
}

/** A program at a fixed path (the tests drive `/usr/bin/chromium`, as Debian installs it). */
export function systemFile(path: string, debPackage: string): SystemRequirement {
  return requirement(path, debPackage, () => existsSync(path));
}

const LIBRARY_DIRS = [
  '/lib',
  '/usr/lib',
  '/lib64',
  '/usr/lib64',
  '/usr/local/lib',
  `/lib/${process.arch === 'arm64' ? 'aarch64' : 'x86_64'}-linux-gnu`,
  `/usr/lib/${process.arch === 'arm64' ? 'aarch64' : 'x86_64'}-linux-gnu`,
];

/** A shared library the dynamic linker must find (Linux only; elsewhere it ships with the native module). */
export function systemLibrary(soname: string, debPackage: string): SystemRequirement {
  return requirement(soname, debPackage, () => {
    if (process.platform !== 'linux') return true;
    const cache = spawnSync('/sbin/ldconfig', ['-p'], { encoding: 'utf8' });
    if (cache.status === 0) return cache.stdout.split('\n').some((line) => line.trim().startsWith(`${soname} `));
    return LIBRARY_DIRS.some((dir) => existsSync(join(dir, soname)));
  });
}

export const SOCAT = systemCommand('socat', 'socat');
export const NFC_LIST = systemCommand('nfc-list', 'libnfc-bin');
export const NFC_MFCLASSIC = systemCommand('nfc-mfclassic', 'libnfc-bin');
export const CHROMIUM = systemFile('/usr/bin/chromium', 'chromium');
export const UDEVADM = systemCommand('udevadm', 'udev');
export const LIBUSB = systemLibrary('libusb-1.0.so.0', 'libusb-1.0-0');
export const PYTHON3 = systemCommand('python3', 'python3');

/** The newest PostgreSQL server (15 or later) Debian's `postgresql` package installed: its bin folder, or undefined. */
export function postgresBinDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  let versions: number[];
  try {
    versions = readdirSync(root)
      .map(Number)
      .filter((v) => Number.isInteger(v) && v >= 15);
  } catch {
    return undefined;
  }
  for (const v of versions.sort((a, b) => b - a)) {
    const bin = join(root, String(v), 'bin');
    if (['initdb', 'postgres', 'pg_ctl'].every((tool) => existsSync(join(bin, tool)))) return bin;
  }
  return undefined;
}

/** A PostgreSQL 15+ server the site tests start as a throwaway cluster (initdb + postgres). */
export const POSTGRESQL = requirement('PostgreSQL server 15+ (initdb, postgres)', 'postgresql', () => postgresBinDir() !== undefined);

const announced = new Set<string>();

/**
 * `false` when every requirement is present. Otherwise the reason (for `skipIf` and a test
 * title), printed once per test file as `SKIPPED: <what>: needs socat (Debian package socat: ...)`.
 */
export function needs(what: string, ...requirements: SystemRequirement[]): string | false {
  const missing = requirements.filter((r) => !r.present);
  if (missing.length === 0) return false;
  const packages = [...new Set(missing.map((r) => r.debPackage))];
  const names = missing.map((r) => (r.name === r.debPackage ? r.name : `${r.name} (Debian package ${r.debPackage})`));
  const reason = `needs ${names.join(' and ')}, ${names.length > 1 ? 'which are' : 'which is'} not installed: sudo apt-get install -y ${packages.join(' ')}`;
  const line = `SKIPPED: ${what}: ${reason}`;
  if (!announced.has(line)) {
    announced.add(line);
    console.warn(line);
  }
  return reason;
}
