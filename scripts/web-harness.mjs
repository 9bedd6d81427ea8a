// The browser harness as npm scripts start it (`npm run start:web`, and `npm start` where Electron's
// binary is missing): builds the renderer if out/renderer is missing, runs the CLI's `web` command
// under Node, passes its output through, and opens the printed URL in the default browser when
// asked to and there is a desktop to show it on.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const bin = (name) => join(root, 'node_modules', '.bin', process.platform === 'win32' ? `${name}.cmd` : name);

const HARNESS_URL = /(http:\/\/127\.0\.0\.1:\d+\/#\S+)/;

/** Whether CI says it is CI (`CI=true`, `CI=1`, ...): never open a browser there. */
function inCi(env) {
  const ci = (env.CI ?? '').trim().toLowerCase();
  return ci !== '' && ci !== 'false' && ci !== '0';
}

/**
 * The command that opens `url` in the default browser, or undefined when there is no desktop
 * session to open it in: on Linux and other Unix only with DISPLAY or WAYLAND_DISPLAY set; never
 * in CI.
 */
export function browserOpener(url, env = process.env, platform = process.platform) {
  if (inCi(env)) return undefined;
  if (platform === 'darwin') return { command: 'open', args: [url] };
  if (platform === 'win32') return { command: 'cmd', args: ['/d', '/s', '/c', `start "" "${url}"`], windowsVerbatimArguments: true };
  if (!env.DISPLAY && !env.WAYLAND_DISPLAY) return undefined;
  return { command: 'xdg-open', args: [url] };
}

function openInBrowser(url) {
  const opener = browserOpener(url);
  if (!opener) return;
  const child = spawn(opener.command, opener.args, {
    stdio: 'ignore',
    detached: true,
    windowsVerbatimArguments: opener.windowsVerbatimArguments,
  });
  child.on('error', (err) =>
    console.error(`Could not open a browser (${opener.command}: ${err.message}); open the address above yourself.`),
  );
  child.unref();
}

/** Runs the harness until it stops; exits this process with its exit code. */
export function runWebHarness({ args = [], openBrowser = false } = {}) {
  if (!existsSync(join(root, 'out', 'renderer', 'index.html'))) {
    console.error('Building the renderer (first run)...');
    const build = spawnSync(bin('electron-vite'), ['build'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
    if (build.status !== 0) process.exit(build.status ?? 1);
  }

  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(root, 'electron', 'cli', 'main.ts'), 'web', '--renderer', join(root, 'out', 'renderer'), ...args],
    {
      cwd: root,
      stdio: ['inherit', 'pipe', 'inherit'],
    },
  );
  let printed = '';
  let opened = !openBrowser;
  child.stdout.on('data', (chunk) => {
    process.stdout.write(chunk);
    if (opened) return;
    printed += chunk;
    const url = HARNESS_URL.exec(printed)?.[1];
    if (url) {
      opened = true;
      openInBrowser(url);
    }
  });
  // Ctrl-C reaches the child through the terminal's process group; this covers a plain kill of this script.
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  process.on('SIGINT', () => {});
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
