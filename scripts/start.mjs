#!/usr/bin/env node
// npm start: build with electron-vite when the bundles are missing or older than the sources, then
// launch Electron. Where Electron's binary is missing and cannot be fetched, say so in one line and
// start the browser harness instead (as `npm run start:web`), opening it in the default browser
// when there is a desktop session.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { bin, root, runWebHarness } from './web-harness.mjs';

/** Asks the electron package for its binary (it downloads it on first use); undefined if that fails. */
function electronBinary() {
  const probe = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], {
    cwd: root,
    encoding: 'utf8',
    timeout: 10 * 60_000,
  });
  const path = probe.status === 0 ? probe.stdout.trim() : '';
  return path && existsSync(path) ? path : undefined;
}

function newestMtime(dir) {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

function needsBuild() {
  const outputs = ['out/main/index.js', 'out/preload/index.js', 'out/renderer/index.html'].map((p) => join(root, p));
  if (!outputs.every((p) => existsSync(p))) return true;
  const built = Math.min(...outputs.map((p) => statSync(p).mtimeMs));
  const sources = Math.max(
    ...['electron', 'shared', 'renderer'].map((d) => newestMtime(join(root, d))),
    statSync(join(root, 'electron.vite.config.ts')).mtimeMs,
  );
  return sources > built;
}

const electron = electronBinary();
if (!electron) {
  console.error(
    'Card Station: the Electron binary is not installed here, so Card Station starts in your browser instead (the same as "npm run start:web").',
  );
  runWebHarness({ args: process.argv.slice(2), openBrowser: true });
} else {
  startElectron(electron);
}

function startElectron(electron) {
  if (needsBuild()) {
    const build = spawnSync(bin('electron-vite'), ['build'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
    if (build.status !== 0) process.exit(build.status ?? 1);
  }
  const child = spawn(electron, [root, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
