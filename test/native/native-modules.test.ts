import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { nativeModuleFailure, type NativeRuntime } from '../../electron/services/native-modules';
import { startupFailureText } from '../../electron/services/startup-failure';
import { describeError } from '../../shared/errors';
import { REPO_ROOT, tempDir } from '../helpers';

const inElectron: NativeRuntime = { electron: '45.4.1', node: '22.20.0', modules: '150', packaged: false };
const inNode: NativeRuntime = { node: '20.20.2', modules: '115', packaged: false };
const installed: NativeRuntime = { ...inElectron, packaged: true };

/** Node's own words when an addon was built for another runtime. */
function abiError(file: string, built: number, needed: number): Error {
  return Object.assign(
    new Error(
      `The module '${file}'\nwas compiled against a different Node.js version using\nNODE_MODULE_VERSION ${built}. This version of Node.js requires\nNODE_MODULE_VERSION ${needed}. Please try re-compiling or re-installing\nthe module (for instance, using \`npm rebuild\` or \`npm install\`).`,
    ),
    { code: 'ERR_DLOPEN_FAILED' },
  );
}

/** A real MODULE_NOT_FOUND from Node's resolver. */
function notFound(request: string): unknown {
  try {
    createRequire(__filename)(request);
  } catch (err) {
    return err;
  }
  throw new Error(`${request} was found`);
}

describe('a native module that cannot be loaded: which one, and what to run', () => {
  it('built for Node, loaded in Electron: names the module, both module versions and the Electron rebuild command', () => {
    const err = abiError('/app/node_modules/better-sqlite3/build/Release/better_sqlite3.node', 115, 150);
    const { error } = nativeModuleFailure('better-sqlite3', err, inElectron);
    expect(error.code).toBe('station.native-module-abi');
    expect(error.message).toBe(
      'The native module better-sqlite3 was built for another runtime (NODE_MODULE_VERSION 115; Electron 45.4.1 needs 150). Run this in the Card Station folder: npx @electron/rebuild --force --only better-sqlite3',
    );
    const zh = describeError(error, 'zh-CN');
    expect(zh.text).toContain('better-sqlite3');
    expect(zh.text).toContain('npx @electron/rebuild --force --only better-sqlite3');
    expect(zh.action).toMatch(/重新启动/);
  });

  it('built for Electron, loaded by the CLI under Node: npm rebuild', () => {
    const { error } = nativeModuleFailure(
      'better-sqlite3',
      abiError('C:\\cs\\node_modules\\better-sqlite3\\build\\Release\\better_sqlite3.node', 150, 115),
      inNode,
    );
    expect(error.params).toMatchObject({
      module: 'better-sqlite3',
      found: '150',
      needed: '115',
      runtime: 'Node.js 20.20.2',
      fix: 'npm rebuild better-sqlite3',
    });
  });

  it('the platform binary package is not installed: names it and says npm install', () => {
    const { error } = nativeModuleFailure('libsql', notFound('@libsql/win32-x64-msvc'), inNode);
    expect(error.code).toBe('station.native-module-missing');
    expect(error.message).toContain('The native module libsql has no binary for this computer (@libsql/win32-x64-msvc is not installed)');
    expect(error.params?.fix).toBe('npm install');
  });

  it('a system library is missing: names the library and the package that provides it', () => {
    const err = Object.assign(new Error('libusb-1.0.so.0: cannot open shared object file: No such file or directory'), {
      code: 'ERR_DLOPEN_FAILED',
    });
    const { error } = nativeModuleFailure('node-hid', err, inNode);
    expect(error.code).toBe('station.native-module-library');
    expect(error.params).toMatchObject({ module: 'node-hid', library: 'libusb-1.0.so.0', fix: 'sudo apt-get install libusb-1.0-0' });
  });

  it('any other load failure still names the module and the file', () => {
    const bad = Object.assign(
      new Error('/srv/cs/node_modules/@serialport/bindings-cpp/prebuilds/linux-x64/node.napi.glibc.node: invalid ELF header'),
      { code: 'ERR_DLOPEN_FAILED' },
    );
    const { error } = nativeModuleFailure('serialport', bad, inNode);
    expect(error.code).toBe('station.native-module');
    expect(error.params).toMatchObject({ module: '@serialport/bindings-cpp', fix: 'npm install && npm rebuild @serialport/bindings-cpp' });
    expect(error.message).toContain('invalid ELF header');
  });

  it('an installed copy is told to reinstall, not to run npm', () => {
    const { error } = nativeModuleFailure('libsql', notFound('@libsql/darwin-arm64'), installed);
    expect(error.code).toBe('station.native-module-installed');
    expect(describeError(error, 'en').action).toMatch(/Reinstall Card Station/);
  });

  it('the window shows the message and the command in English and in Chinese', () => {
    const text = startupFailureText(
      nativeModuleFailure(
        'better-sqlite3',
        abiError('/x/node_modules/better-sqlite3/build/Release/better_sqlite3.node', 115, 150),
        inElectron,
      ),
    );
    const [en, zh] = text.split('\n\n');
    expect(en).toContain('The native module better-sqlite3 was built for another runtime');
    expect(en).toContain('npx @electron/rebuild --force --only better-sqlite3');
    expect(zh).toContain('原生模块 better-sqlite3');
    expect(zh).toContain('npx @electron/rebuild --force --only better-sqlite3');
  });
});

describe('the CLI under Node when the SQLite binding does not load', { timeout: 120_000 }, () => {
  const dataDir = tempDir('cs-native-');
  afterAll(() => dataDir.cleanup());

  function station(args: string[], breakMode: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(
        process.execPath,
        [
          '--import',
          pathToFileURL(join(__dirname, 'fixtures', 'break-libsql.mjs')).href,
          '--import',
          'tsx',
          join(REPO_ROOT, 'electron/cli/main.ts'),
          ...args,
        ],
        {
          cwd: REPO_ROOT,
          env: { ...process.env, STATION_DATA_DIR: dataDir.dir, STATION_CONFIG: '', BREAK_LIBSQL: breakMode },
        },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  }

  it('built for another runtime: exits 4 naming libsql and npm rebuild, instead of a stack trace', async () => {
    const r = await station(['queue', 'list', '--json'], 'abi');
    expect(r.code).toBe(4);
    expect(r.stderr).toContain(
      `The native module libsql was built for another runtime (NODE_MODULE_VERSION 150; Node.js ${process.versions.node} needs ${process.versions.modules}). Run this in the Card Station folder: npm rebuild libsql`,
    );
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, error: { code: 'station.native-module-abi', params: { module: 'libsql' } } });
  });

  it('platform package missing: a command that opens the whole station says which package and npm install', async () => {
    const r = await station(
      ['issue-qr', '--build', '1', '--floor', '1', '--room', '101', '--mobile', '13800000000', '--end', '2030-01-01T12:00', '--json'],
      'missing',
    );
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(
      /The native module libsql has no binary for this computer \(@libsql\/(linux|darwin|win32)-[a-z0-9-]+ is not installed\)\. Run this in the Card Station folder: npm install/,
    );
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
