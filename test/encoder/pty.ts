/**
 * Test helper: a pair of real ptys joined by socat, with stable link names in a unique temp dir.
 * Tests using it skip with `needs(what, SOCAT)` from ../system-requirements when socat is missing.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export async function waitFor(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export class PtyPair {
  readonly dir = mkdtempSync(join(tmpdir(), 'enc-pty-'));
  readonly a = join(this.dir, 'A');
  readonly b = join(this.dir, 'B');
  private proc?: ChildProcess;

  /** Starts socat (again, after `kill`, with the same link names) and waits for both links. */
  async start(): Promise<void> {
    const proc = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${this.a}`, `pty,raw,echo=0,link=${this.b}`], { stdio: 'ignore' });
    this.proc = proc;
    await waitFor(() => existsSync(this.a) && existsSync(this.b), 10_000, 'socat ptys');
  }

  /** Kills socat: both ptys vanish, like a USB-serial device being unplugged. */
  async kill(): Promise<void> {
    const proc = this.proc;
    this.proc = undefined;
    if (!proc || proc.exitCode !== null) return;
    const exited = new Promise((r) => proc.once('exit', r));
    proc.kill('SIGTERM');
    await exited;
    await waitFor(() => !existsSync(this.a), 5_000, 'pty link removal');
  }

  async dispose(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
