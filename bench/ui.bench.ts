/**
 * The renderer's initial JavaScript (gzip) and the time from navigation to the first live status
 * render in Chromium, through the browser harness with a demo station.
 * Goal: at most 250 KB gzip of initial JavaScript.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { CHROMIUM, RENDERER_DIR, ensureRendererBuilt, startE2E } from '../test/e2e/harness';

const GOAL_KB = 250;
const RUNS = 7;

function initialScripts(): string[] {
  const html = readFileSync(join(RENDERER_DIR, 'index.html'), 'utf8');
  const refs = [
    ...html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g),
    ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g),
  ].map((m) => m[1]);
  return [...new Set(refs)].map((r) => join(RENDERER_DIR, r.replace(/^\.?\//, '')));
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function main() {
  await ensureRendererBuilt();
  const files = initialScripts();
  let raw = 0;
  let gz = 0;
  for (const f of files) {
    const body = readFileSync(f);
    raw += body.length;
    gz += gzipSync(body, { level: 9 }).length;
  }
  console.log(
    `renderer initial JS: ${files.length} file(s), ${(raw / 1024).toFixed(1)} KB raw, ${(gz / 1024).toFixed(1)} KB gzip (goal <= ${GOAL_KB} KB gzip) ${gz / 1024 <= GOAL_KB ? 'OK' : 'OVER'}`,
  );

  if (!existsSync(CHROMIUM)) {
    console.log('time to first status render: skipped (no Chromium at /usr/bin/chromium)');
    return;
  }
  const e2e = await startE2E();
  try {
    const times: number[] = [];
    const wall: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const context = await e2e.browser.newContext({ viewport: { width: 1366, height: 768 } });
      const page = await context.newPage();
      const started = performance.now();
      await page.goto(e2e.harness.url, { waitUntil: 'commit' });
      // Measured in the page, from its navigation start to the frame that first shows live status.
      const inPage = await page.waitForFunction(
        () => {
          const doc = (globalThis as unknown as { document: { querySelector(selector: string): unknown } }).document;
          return doc.querySelector('[data-testid="encoder-status"]') ? performance.now() : 0;
        },
        undefined,
        { polling: 'raf' },
      );
      times.push(Number(await inPage.jsonValue()));
      wall.push(performance.now() - started);
      await context.close();
    }
    times.sort((a, b) => a - b);
    wall.sort((a, b) => a - b);
    console.log(
      `time to first status render (page navigation start -> live encoder status on screen), ${RUNS} cold loads: p50 ${percentile(times, 50).toFixed(0)} ms, max ${times[times.length - 1].toFixed(0)} ms`,
    );
    console.log(`  as the test driver sees it (goto -> status found): p50 ${percentile(wall, 50).toFixed(0)} ms`);
  } finally {
    await e2e.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
