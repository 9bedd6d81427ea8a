/**
 * `npm start` where Electron's binary is missing (as on this machine): it says so in one line,
 * starts the browser harness instead, prints its URL, and opens the default browser only when
 * there is a desktop session (DISPLAY or WAYLAND_DISPLAY on Linux) and never in CI.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { REPO_ROOT, tempDir } from '../helpers';
import { browserOpener } from '../../scripts/web-harness.mjs';

const electronInstalled = existsSync(join(REPO_ROOT, 'node_modules/electron/path.txt'));
if (electronInstalled)
  console.warn('SKIPPED: npm start without the Electron binary: this machine has it, so npm start opens the app window instead');
const tmp = tempDir('cs-start-');
afterAll(() => tmp.cleanup());

/** A stand-in `xdg-open` first on PATH that records what it was asked to open. */
const fakeBin = join(tmp.dir, 'bin');
const opened = join(tmp.dir, 'xdg-open.log');
function installFakeXdgOpen(): void {
  if (existsSync(join(fakeBin, 'xdg-open'))) return;
  mkdirSync(fakeBin, { recursive: true });
  writeFileSync(join(fakeBin, 'xdg-open'), `#!/bin/sh\nprintf '%s\\n' "$*" >> '${opened}'\n`);
  chmodSync(join(fakeBin, 'xdg-open'), 0o755);
}

const running: ChildProcess[] = [];
afterEach(async () => {
  for (const child of running.splice(0)) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    const exited = new Promise((r) => child.once('exit', r));
    // Its own process group: the script and the harness it started go together.
    process.kill(-child.pid!, 'SIGTERM');
    const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
});

interface Started {
  child: ChildProcess;
  url: string;
  stdout: () => string;
  stderr: () => string;
}

function npmStart(env: Record<string, string | undefined>): Promise<Started> {
  const { DISPLAY: _d, WAYLAND_DISPLAY: _w, CI: _c, ...base } = process.env;
  const child = spawn(process.execPath, [join(REPO_ROOT, 'scripts/start.mjs')], {
    cwd: REPO_ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...base, STATION_DATA_DIR: join(tmp.dir, `data-${Date.now()}`), STATION_CONFIG: '', ...env },
  });
  running.push(child);
  let out = '';
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += d;
      const url = /(http:\/\/127\.0\.0\.1:\d+\/#token=\S+)/.exec(out)?.[1];
      if (url) resolve({ child, url, stdout: () => out, stderr: () => err });
    });
    child.once('exit', (code) => reject(new Error(`npm start exited ${code} before printing a URL:\n${out}\n${err}`)));
  });
}

describe.skipIf(electronInstalled)('npm start without the Electron binary', { timeout: 180_000 }, () => {
  it('says so in one line, serves the browser harness at the URL it prints, and keeps running', async () => {
    const started = await npmStart({});
    const notice = started.stderr().trim().split('\n');
    expect(notice[0]).toBe(
      'Card Station: the Electron binary is not installed here, so Card Station starts in your browser instead (the same as "npm run start:web").',
    );
    const page = await fetch(started.url);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<div id="root">/);
    await new Promise((r) => setTimeout(r, 500));
    expect(started.child.exitCode).toBeNull();
  });

  it('opens the default browser at that URL when there is a desktop session', async () => {
    installFakeXdgOpen();
    const started = await npmStart({ DISPLAY: ':0', PATH: `${fakeBin}:${process.env.PATH}` });
    const deadline = Date.now() + 10_000;
    while (!existsSync(opened) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(readFileSync(opened, 'utf8').trim()).toBe(started.url);
  });

  it('opens nothing without a desktop session, or in CI', async () => {
    installFakeXdgOpen();
    writeFileSync(opened, '');
    await npmStart({ PATH: `${fakeBin}:${process.env.PATH}` });
    const inCi = await npmStart({ DISPLAY: ':0', CI: 'true', PATH: `${fakeBin}:${process.env.PATH}` });
    await new Promise((r) => setTimeout(r, 1000));
    expect(inCi.child.exitCode).toBeNull();
    expect(readFileSync(opened, 'utf8')).toBe('');
  });
});

describe('which browser opener runs', () => {
  const url = 'http://127.0.0.1:41234/#token=abc';
  it('xdg-open on Linux only with a display, open on macOS, start on Windows, none in CI', () => {
    expect(browserOpener(url, { DISPLAY: ':0' }, 'linux')).toEqual({ command: 'xdg-open', args: [url] });
    expect(browserOpener(url, { WAYLAND_DISPLAY: 'wayland-0' }, 'linux')).toEqual({ command: 'xdg-open', args: [url] });
    expect(browserOpener(url, {}, 'linux')).toBeUndefined();
    expect(browserOpener(url, {}, 'darwin')).toEqual({ command: 'open', args: [url] });
    expect(browserOpener(url, {}, 'win32')).toMatchObject({ command: 'cmd', args: ['/d', '/s', '/c', `start "" "${url}"`] });
    for (const platform of ['linux', 'darwin', 'win32'] as const)
      expect(browserOpener(url, { CI: 'true', DISPLAY: ':0' }, platform)).toBeUndefined();
    expect(browserOpener(url, { CI: 'false', DISPLAY: ':0' }, 'linux')).toEqual({ command: 'xdg-open', args: [url] });
  });
});
