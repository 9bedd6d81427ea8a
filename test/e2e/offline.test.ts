/**
 * Offline-first, as a clerk sees it: with the sandbox cloud down, a report-lost and a cancel are
 * accepted and shown as queued; when the cloud returns they turn done on screen with no clicks.
 */
import { describe, expect, it } from 'vitest';
import {
  confirmDialog,
  haveChromium,
  localIn,
  missingReason,
  nav,
  probeDemoStation,
  sandboxFault,
  submitAndWait,
  qrCardRequest,
} from './harness';
import { useE2E } from './use-e2e';

const has = await probeDemoStation();
const reason = missingReason(has, ['simulator', 'cloud', 'outbox']);

describe.skipIf(!haveChromium)('offline: the sandbox cloud is down', () => {
  const e2e = useE2E();

  it.skipIf(reason)(
    `report lost and cancel while the cloud is down: queued, then done once it is back, with no clicks${reason ? ` (${reason})` : ''}`,
    async () => {
      const { page, station } = e2e();
      const qr = (roomNo: string, mobile: string) =>
        submitAndWait(station, qrCardRequest({ buildNo: '1', floorNo: '1', roomNo }, mobile, localIn(2)));
      await qr('101', '13511110001');
      await qr('102', '13511110002');
      const [lostCard] = await station.registry.find({ query: '13511110001', limit: 5 });
      const [cancelCard] = await station.registry.find({ query: '13511110002', limit: 5 });
      expect(lostCard?.cardNo && cancelCard?.cardNo).toBeTruthy();

      const baseUrl = e2e().sandboxUrl('uclbrt');
      expect(baseUrl).toBeTruthy();
      // Enough refused connections that both operations fail at least once, then the cloud is back.
      await sandboxFault(baseUrl!, { mode: 'down', count: 4 });

      await nav(page, 'Report lost');
      const search = page.getByRole('searchbox', { name: 'Room, mobile or card number' });
      await search.fill('13511110001');
      await search.press('Enter');
      await page
        .getByRole('button', { name: /^Choose card / })
        .first()
        .click();
      await page.getByRole('button', { name: 'Report this card lost' }).click();
      await confirmDialog(page);
      const lostOp = page.getByTestId('operation');
      await expect.poll(() => lostOp.getAttribute('data-state'), { timeout: 20_000 }).toMatch(/queued|sending/);
      await page
        .getByText('It is saved and will be sent by itself as soon as the cloud answers; you can carry on.')
        .first()
        .waitFor({ timeout: 20_000 });
      // Said plainly: the lost card still opens the door until the report reaches the cloud.
      await page
        .getByTestId('still-opens')
        .getByText(/still opens the door until the loss report reaches the cloud/)
        .waitFor();
      await e2e().screenshot('offline-report-lost-queued');

      await nav(page, 'Cancel card');
      await page.getByRole('tab', { name: 'QR card (by number)' }).click();
      const form = page.getByRole('form', { name: 'QR card (by number)' });
      await form.getByRole('textbox', { name: 'Card number' }).fill(cancelCard.cardNo!);
      await form.getByRole('button', { name: 'Cancel QR card' }).click();
      await confirmDialog(page);
      await expect.poll(() => form.getByTestId('operation').getAttribute('data-state'), { timeout: 20_000 }).toMatch(/queued|sending/);
      await e2e().screenshot('offline-cancel-queued');

      // The status bar counts the pending work.
      await expect
        .poll(async () => (await page.getByTestId('queue-status').textContent()) ?? '', { timeout: 20_000 })
        .toMatch(/[1-9]\d* pending/);

      // No clicks from here: the outbox sends both when the cloud answers again.
      await form.locator('[data-testid="operation"][data-state="done"]').waitFor({ timeout: 120_000 });
      await e2e().screenshot('offline-cancel-done');
      await nav(page, 'Queue');
      const rows = page.getByRole('list', { name: 'Operations' });
      await rows.locator('[data-testid="queue-row"]').first().waitFor();
      await expect
        .poll(async () => rows.locator('[data-testid="queue-row"]:not([data-state="done"])').count(), { timeout: 120_000 })
        .toBe(0);
      await e2e().screenshot('offline-queue-all-done');
    },
    300_000,
  );
});
