import { describe, expect, it } from 'vitest';
import { startHarness } from '../../electron/services/harness';
import { RENDERER_DIR, haveChromium } from './harness';
import { useE2E } from './use-e2e';

describe.skipIf(!haveChromium)('status screen and language (browser harness, Chromium)', () => {
  const e2e = useE2E();

  it('shows the live station status: encoder, each cloud and the queue', async () => {
    const { page, station } = e2e();
    await expect(page.getByRole('heading', { level: 1, name: 'Station status' }).isVisible()).resolves.toBe(true);
    const bar = page.getByRole('region', { name: 'Station status' });
    await bar.getByText('Encoder').waitFor();
    const status = station.status();
    const encoderWords = {
      unavailable: 'not available',
      connecting: 'connecting',
      ready: 'ready',
      disconnected: 'disconnected',
      error: 'error',
    };
    await expect(bar.getByTestId('encoder-status').textContent()).resolves.toContain(encoderWords[status.encoder.state]);
    await expect(bar.getByTestId('cloud-uclbrt').textContent()).resolves.toContain('UCLBRT cloud');
    await expect(bar.getByTestId('cloud-tuya').textContent()).resolves.toContain('Tuya cloud');
    await expect(bar.getByTestId('queue-status').textContent()).resolves.toContain('Queue');
    // The demo clerk sees a clerk's screens: no Activity, Settings or Operators.
    await expect(page.getByRole('navigation', { name: 'Main menu' }).getByRole('button').allTextContents()).resolves.toEqual([
      'Status',
      'Rooms',
      'Read card',
      'Issue card',
      'Report lost',
      'Cancel card',
      'Queue',
      'Reports',
    ]);
    await e2e().screenshot('status');
  });

  it('is keyboard first: Alt+2 opens Read card, Esc backs out to the status screen', async () => {
    const { page } = e2e();
    await page.keyboard.press('Alt+2');
    await page.getByRole('heading', { level: 1, name: 'Read card' }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('heading', { level: 1, name: 'Station status' }).waitFor();
  });

  it('a keyboard-wedge reader burst on the Read screen opens the card; a person typing does not', async () => {
    const { page } = e2e();
    await page.keyboard.press('Alt+2');
    await page.getByRole('heading', { level: 1, name: 'Read card' }).waitFor();
    // Key events made in the page itself, so the timing is the reader's and not the test driver's.
    const typeKeys = (text: string, gapMs: number) =>
      page.evaluate(`(async () => {
        for (const key of [...${JSON.stringify(text)}, 'Enter']) {
          window.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
          if (${gapMs}) await new Promise((r) => setTimeout(r, ${gapMs}));
        }
      })()`);
    await typeKeys('135792468', 200);
    await page.waitForTimeout(300); // room for a wrong card to render, if the typing were taken for one
    await expect(page.getByRole('region', { name: 'Card on the encoder' }).count()).resolves.toBe(0);
    await typeKeys('0012345678', 0);
    const card = page.getByRole('region', { name: 'Card on the encoder' });
    await expect(card.getByTestId('serial-num').textContent()).resolves.toBe('0012345678');
    await page.keyboard.press('Escape');
    await page.getByRole('heading', { level: 1, name: 'Station status' }).waitFor();
  });

  it("shows main's progress events for long work as a progress bar", async () => {
    const { page, station } = e2e();
    station.events.emit('progress', { task: 'e2e-export', label: 'Exporting activity', done: 40, total: 100 });
    const bar = page.getByRole('progressbar', { name: 'Exporting activity: 40 of 100' });
    await bar.waitFor();
    await expect(bar.getAttribute('value')).resolves.toBe('40');
    await e2e().screenshot('progress');
    station.events.emit('progress', { task: 'e2e-export', label: 'Exporting activity', done: 100, total: 100 });
    await page.getByRole('progressbar', { name: 'Exporting activity: 100 of 100' }).waitFor();
    await bar.waitFor({ state: 'detached', timeout: 15_000 });
  });

  it('switches to Chinese live, including inline validation errors, and remembers it', async () => {
    const { page, station } = e2e();
    await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
    await page.getByRole('heading', { level: 1, name: '工作站状态' }).waitFor();
    const nav = page.getByRole('navigation', { name: '主菜单' });
    await nav.getByRole('button', { name: '读卡' }).waitFor();
    await expect(page.getByRole('region', { name: '工作站状态' }).getByText('发卡器').count()).resolves.toBeGreaterThan(0);
    await e2e().screenshot('status-zh');

    // A mistyped card number is explained in Chinese, from the same schema main enforces.
    await nav.getByRole('button', { name: '注销卡' }).click();
    await page.getByRole('tab', { name: '二维码卡（按卡号）' }).click();
    await page.getByRole('textbox', { name: '卡号' }).fill('12');
    await page.getByRole('button', { name: '注销二维码卡' }).click();
    await page.getByText('必须是云端给出的卡号（字母和数字）').waitFor();
    await e2e().screenshot('cancel-qr-validation-zh');

    // The choice is saved in the station's settings when the settings service is there.
    const saved = await station.settings.get().catch(() => null);
    if (saved) await expect.poll(async () => (await station.settings.get()).language, { timeout: 10_000 }).toBe('zh-CN');

    await page.getByRole('combobox', { name: '语言' }).selectOption('en');
    await page.getByRole('heading', { level: 1, name: 'Cancel card' }).waitFor();
  });

  it('says when the connection to the station drops, and reconnects by itself', async () => {
    const { page, station, harness } = e2e();
    await page.getByTestId('encoder-status').waitFor();
    await harness.close();
    await page.getByText('The connection to the station was lost. Reconnecting…').waitFor({ timeout: 15_000 });
    await e2e().screenshot('connection-lost');
    const again = await startHarness({ station, rendererDir: RENDERER_DIR, host: '127.0.0.1', port: harness.port, token: harness.token });
    e2e().harness = again;
    await page.getByTestId('encoder-status').waitFor({ timeout: 20_000 });
    // A new connection is a new session: the token reconnects the page, the person signs in again.
    await page.locator('form[aria-labelledby="sign-in-title"]').waitFor();
    await expect(page.getByRole('navigation', { name: 'Main menu' }).count()).resolves.toBe(0);
  });
});
