#!/usr/bin/env node
// npm run start:web: the station's services under Node with the browser harness on 127.0.0.1.
// Builds the renderer first if out/renderer is missing; prints the URL (with its per-run token).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', process.platform === 'win32' ? `${name}.cmd` : name);

if (!existsSync(join(root, 'out', 'renderer', 'index.html'))) {
  console.error('Building the renderer (first run)...');
  const build = spawnSync(bin('electron-vite'), ['build'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'electron', 'cli', 'main.ts'), 'web', '--renderer', join(root, 'out', 'renderer'), ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
// Ctrl-C reaches the child through the terminal's process group; this covers a plain kill of this script.
process.on('SIGTERM', () => child.kill('SIGTERM'));
process.on('SIGINT', () => {});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
