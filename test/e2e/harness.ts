/**
 * End-to-end rig: the real station services in demo mode (simulated encoder, sandbox cloud) behind
 * the browser harness, driven in Debian's Chromium through playwright-core.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { parseStationConfig } from '../../electron/services/config';
import { startHarness, type Harness } from '../../electron/services/harness';
import { silentLogger } from '../../electron/services/logging/logger';
import { MemorySecretStore } from '../../electron/services/secrets/secret-store';
import { createStation, type Station } from '../../electron/services/station';
import type { ProviderId } from '../../shared/domain/cloud';
import { operationRequestSchema, type OperationRequest, type OperationRequestInput } from '../../shared/domain/operations';
import type { Role } from '../../shared/staff';
import { accountFor } from '../sign-in';
import { CHROMIUM as CHROMIUM_BINARY, needs } from '../system-requirements';

export const REPO_ROOT = join(__dirname, '..', '..');
export const RENDERER_DIR = join(REPO_ROOT, 'out', 'renderer');
export const SCREENSHOT_DIR = join(REPO_ROOT, 'test-results', 'screenshots');
export const CHROMIUM = CHROMIUM_BINARY.name;
/** Every end-to-end file imports this module, so each prints its own skip line when Chromium is missing. */
export const haveChromium = !needs('end-to-end tests in Chromium (browser harness)', CHROMIUM_BINARY);

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

function rendererIsFresh(): boolean {
  const index = join(RENDERER_DIR, 'index.html');
  if (!existsSync(index)) return false;
  const built = statSync(index).mtimeMs;
  return newestMtime(join(REPO_ROOT, 'renderer')) <= built && newestMtime(join(REPO_ROOT, 'shared')) <= built;
}

/**
 * Builds the renderer when out/renderer is missing or older than its sources. Test files run in
 * parallel, so one builds under a lock directory while the others wait for it.
 */
export async function ensureRendererBuilt(): Promise<void> {
  const lock = join(REPO_ROOT, 'out', '.e2e-build.lock');
  mkdirSync(join(REPO_ROOT, 'out'), { recursive: true });
  for (let waited = 0; ; waited += 500) {
    if (rendererIsFresh()) return;
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A stale lock (a crashed run) is broken after two minutes.
      if (waited > 120_000) rmdirSync(lock);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    if (rendererIsFresh()) return;
    const r = spawnSync(join(REPO_ROOT, 'node_modules', '.bin', 'electron-vite'), ['build'], { cwd: REPO_ROOT, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`electron-vite build failed:\n${r.stdout}\n${r.stderr}`);
  } finally {
    rmdirSync(lock);
  }
}

export interface E2E {
  station: Station;
  harness: Harness;
  browser: Browser;
  page: Page;
  /** Base URL of the provider's sandbox cloud, as the station reports it. */
  sandboxUrl(provider?: ProviderId): string | undefined;
  screenshot(name: string): Promise<void>;
  /** Hands the window to someone with `role` the way staff do: Lock, then they sign in over it. */
  signInAs(role: Role): Promise<void>;
  close(): Promise<void>;
}

export interface E2EOptions {
  /** Who signs in once the page is open: the station's clerk by default (the demo clerk `demo`); null: nobody. */
  as?: Role | null;
  /** The idle lock in milliseconds (read at each sign-in), for the test that waits for it. */
  idleLockMs?: number | (() => number);
  /** Puts files in the data folder before the station starts (a damaged database, ...). */
  prepareDataDir?: (dataDir: string) => void;
  /** A data folder prepared beforehand (e.g. seeded by a benchmark); it is removed on close like a fresh one. */
  dataDir?: string;
}

/** Signs in on the sign-in or lock screen, as staff do: name, PIN or password, Enter. */
export async function signIn(page: Page, account: { name: string; secret: string }): Promise<void> {
  const form = page.locator('form[aria-labelledby="sign-in-title"]');
  await form.waitFor();
  await form.getByRole('textbox', { name: 'Name' }).fill(account.name);
  await form.getByLabel('PIN or password').fill(account.secret);
  await form.getByLabel('PIN or password').press('Enter');
  await page.getByTestId('signed-in-as').filter({ hasText: account.name }).waitFor({ timeout: 20_000 });
}

export async function startE2E(config: Record<string, unknown> = {}, options: E2EOptions = {}): Promise<E2E> {
  await ensureRendererBuilt();
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'cs-e2e-'));
  options.prepareDataDir?.(dataDir);
  // An hour before the idle lock, so a slow machine's long waits without input never lock a test's
  // page halfway (the staff test shortens it to see the lock).
  const station = await createStation(parseStationConfig({ operatorName: 'e2e-desk', staff: { idleLockMinutes: 60 }, ...config }), {
    secrets: new MemorySecretStore(),
    log: silentLogger,
    dataDir,
    ...(options.idleLockMs ? { idleLockMs: options.idleLockMs } : {}),
  });
  const harness = await startHarness({ station, rendererDir: RENDERER_DIR, host: '127.0.0.1', port: 0 });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 }, acceptDownloads: true });
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(harness.url);
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const as = options.as === undefined ? 'clerk' : options.as;
  if (as) await signIn(page, await accountFor(station, as));
  const e2e: E2E = {
    station,
    harness,
    browser,
    page,
    sandboxUrl: (provider = 'uclbrt') => station.status().clouds.find((c) => c.provider === provider)?.baseUrl,
    screenshot: async (name) => {
      await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });
    },
    async signInAs(role) {
      const account = await accountFor(station, role);
      const current = await page
        .getByTestId('signed-in-as')
        .textContent()
        .catch(() => null);
      if (current?.startsWith(`${account.name} (`)) return;
      await page.getByRole('group', { name: 'Signed in' }).getByRole('button', { name: 'Lock' }).click();
      await signIn(page, account);
    },
    async close() {
      await browser.close().catch(() => {});
      await e2e.harness.close(); // the current one: a test may have restarted it
      await station.close();
      rmSync(dataDir, { recursive: true, force: true });
      if (problems.length) throw new Error(`the page threw: ${problems.join('; ')}`);
    },
  };
  return e2e;
}

/** Opens a screen from the main menu by its button's exact name. */
export async function nav(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main menu' }).getByRole('button', { name, exact: true }).click();
}

export async function sandboxFault(
  baseUrl: string,
  fault: { mode: 'down' | 'http500' | 'http502' | 'http503' | 'http504' | 'timeout' | 'rate-limit' | 'garbage'; count: number },
): Promise<void> {
  const res = await fetch(new URL('/__sandbox/faults', baseUrl), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(fault),
  });
  if (!res.ok) throw new Error(`sandbox faults answered ${res.status}`);
}

/** Asks a fresh demo station what it has, so flows needing a missing service skip and say why. */
export async function probeDemoStation(): Promise<{ simulator: boolean; cloud: boolean; outbox: boolean }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cs-e2e-probe-'));
  try {
    const station = await createStation(parseStationConfig({}), { secrets: new MemorySecretStore(), log: silentLogger, dataDir });
    try {
      const s = station.status();
      return {
        simulator: s.encoder.driver === 'simulator',
        cloud: s.clouds.some((c) => c.state !== 'unavailable' && Boolean(c.baseUrl)),
        outbox: s.queue !== null,
      };
    } finally {
      await station.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

type Probe = Awaited<ReturnType<typeof probeDemoStation>>;

/** Why a test needing these parts of the station must skip, or false when the station has them all. */
export function missingReason(has: Probe, what: ReadonlyArray<keyof Probe>): string | false {
  const missing = what.filter((w) => !has[w]);
  return missing.length ? `skipped: the station has no ${missing.join(', ')} wired yet` : false;
}

/** Seeds work through the station's own outbox (not the UI) and waits for the cloud's answer. */
export async function submitAndWait(station: Station, request: OperationRequestInput, timeoutMs = 30_000) {
  let op = await station.outbox.submit(operationRequestSchema.parse(request), 'e2e-setup');
  const deadline = Date.now() + timeoutMs;
  while (op.state === 'queued' || op.state === 'sending') {
    if (Date.now() > deadline) throw new Error(`operation ${op.id} (${op.kind}) still ${op.state} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
    op = await station.outbox.get(op.id);
  }
  if (op.state !== 'done') throw new Error(`setup operation ${op.kind} ended ${op.state}: ${op.lastError?.code} ${op.lastError?.message}`);
  return op;
}

/** A local `YYYY-MM-DDTHH:mm` some days from now. */
export function localIn(days: number, hour = 12): string {
  const d = new Date(Date.now() + days * 86_400_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(hour)}:00`;
}

/**
 * A QR card request for a room as a clerk sends it (single opening, no SMS, no password: the
 * schema's defaults), validated as main validates it.
 */
export function qrCardRequest(
  room: { buildNo?: string; floorNo?: string; roomNo: string },
  mobile: string,
  end = localIn(2, 12),
): OperationRequest {
  return operationRequestSchema.parse({ kind: 'uclbrt.qr.issue', input: { ...room, mobile, end } });
}

/** Confirms the open confirmation dialog with the keyboard: focus starts on Back, Tab moves to the action, Enter does it. */
export async function confirmDialog(page: Page, action?: string): Promise<void> {
  const dialog = page.locator('dialog[open]');
  await dialog.waitFor();
  if (action) await dialog.getByRole('button', { name: action }).waitFor();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await dialog.waitFor({ state: 'detached' });
}

/** Opens the Issue card screen on one of its kind tabs. */
export async function issueTab(
  page: Page,
  tab: 'UCLBRT QR card' | 'UCLBRT proximity card' | 'Tuya lock card' | 'For a room',
): Promise<void> {
  await nav(page, 'Issue card');
  await page.getByRole('tab', { name: tab }).click();
}
