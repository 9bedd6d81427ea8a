import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveChromium, startE2E, type E2E } from './harness';

describe.skipIf(!haveChromium)('a database kept aside at start (browser harness, Chromium)', () => {
  let rig: E2E | undefined;
  beforeAll(async () => {
    rig = await startE2E({}, { prepareDataDir: (dataDir) => writeFileSync(join(dataDir, 'station.db'), '') });
  }, 180_000);
  afterAll(async () => {
    await rig?.close();
  });

  it('the status bar says the old file was kept aside, where, and what to do, in both languages', async () => {
    const { page } = rig!;
    const notice = page.getByRole('region', { name: 'Station status' }).getByTestId('station-notice');
    await notice.waitFor();
    const text = await notice.textContent();
    expect(text).toMatch(
      /station\.db was an empty file \(0 bytes\)\. It was kept aside as .*station\.db\.empty-\d{8}-\d{6} and a fresh database was started/,
    );
    expect(text).toContain('Ask IT');
    await expect(notice.getAttribute('role')).resolves.toBe('alert');
    await rig!.screenshot('database-kept-aside');

    await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
    // The region's name is Chinese now too: find the notice by its test id.
    await expect
      .poll(() => page.getByTestId('station-notice').textContent(), { timeout: 10_000 })
      .toMatch(/是空文件（0 字节）。已将其另存为 .*station\.db\.empty-\d{8}-\d{6}/);
  });
});
