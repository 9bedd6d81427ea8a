/**
 * What the review asked for, as a clerk sees it: the queue names the room and uses the clerk's
 * words and dates, "needs attention" opens the list filtered to those, edit and resend is the typed
 * issue form, the activity log speaks in words, demo settings show the sandbox's address.
 */
import { describe, expect, it } from 'vitest';
import { haveChromium, missingReason, nav, probeDemoStation, qrCardRequest, submitAndWait } from './harness';
import { useE2E } from './use-e2e';
import { operationRequestSchema } from '../../shared/domain/operations';

const has = await probeDemoStation();
const reason = missingReason(has, ['cloud', 'outbox']);
const named = (title: string) => (reason ? `${title} (${reason})` : title);

const qr = (roomNo: string, mobile: string) => qrCardRequest({ roomNo }, mobile);

describe.skipIf(!haveChromium)("the clerk's words (browser harness, demo station)", { timeout: 120_000 }, () => {
  // Edit and resend, the activity log and Settings are a supervisor's and an administrator's screens.
  const e2e = useE2E({}, { as: 'administrator' });

  it.skipIf(reason)(
    named('queue rows name the room and the result reads "Room" and "Valid until", never field names or ISO times'),
    async () => {
      const { page, station } = e2e();
      await submitAndWait(station, qr('101', '13800138000'));
      await nav(page, 'Queue');
      const row = page.locator('[data-testid="queue-row"][data-state="done"]').first();
      await row.waitFor();
      const text = (await row.textContent()) ?? '';
      expect(text).toContain('Room 101');
      expect(text).not.toMatch(/uclbrt:room|roomNo|validTo|\d{4}-\d{2}-\d{2}T/);
    },
  );

  it.skipIf(reason)(
    named(
      '"needs attention" in the status bar opens the queue filtered to those; edit and resend is the typed issue form with building and floor',
    ),
    async () => {
      const { page, station } = e2e();
      const refused = await station.outbox.submit(operationRequestSchema.parse(qr('999', '13800138001')), 'e2e-clerk');
      await expect.poll(async () => (await station.outbox.get(refused.id)).state, { timeout: 45_000 }).toBe('failed');
      await nav(page, 'Status');
      await expect.poll(async () => (await page.getByTestId('queue-status').textContent()) ?? '').toMatch(/[1-9]\d* needs? attention/);
      await page.getByTestId('queue-status').getByRole('button').click();
      await expect.poll(() => page.getByRole('combobox', { name: 'Show' }).inputValue()).toBe('attention');
      await expect
        .poll(async () =>
          (await page.getByTestId('queue-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-state')))).every(
            (s) => s === 'failed' || s === 'uncertain',
          ),
        )
        .toBe(true);
      const row = page.locator('[data-testid="queue-row"]', { hasText: 'Room 999' }).first();
      await row.getByRole('button', { name: /^Edit and resend — / }).click();
      const editor = page.getByRole('form', { name: 'Edit and resend' });
      // The same fields as issuing: building and floor are there although the refused one had none.
      await editor.getByRole('textbox', { name: 'Building' }).fill('1');
      await editor.getByRole('textbox', { name: 'Floor' }).fill('1');
      await editor.getByRole('combobox', { name: 'Card type' }).waitFor();
      await editor.getByRole('textbox', { name: 'Room', exact: true }).fill('101');
      await editor.getByRole('textbox', { name: 'Room', exact: true }).press('Enter');
      await editor.waitFor({ state: 'detached' });
      await expect
        .poll(async () => (await station.outbox.list({ limit: 1000, offset: 0 })).items.find((o) => o.replaces === refused.id)?.input, {
          timeout: 30_000,
        })
        .toMatchObject({ buildNo: '1', floorNo: '1', roomNo: '101' });
    },
  );

  it.skipIf(reason)(named('the activity log says what happened in words'), async () => {
    const { page } = e2e();
    await nav(page, 'Activity');
    const table = page.getByRole('table');
    await table.getByRole('cell', { name: 'Room 101' }).first().waitFor();
    const text = (await table.textContent()) ?? '';
    expect(text).not.toMatch(/uclbrt:room|uclbrt:qr:|attempt \d+, next at|\d{4}-\d{2}-\d{2}T/);
  });

  it.skipIf(reason)(named("demo settings show the sandbox cloud's address, not the real cloud's"), async () => {
    const { page } = e2e();
    await nav(page, 'Settings');
    const uclbrt = page.getByRole('form', { name: 'UCLBRT cloud' });
    const address = await uclbrt.getByRole('textbox', { name: 'Server address' }).inputValue();
    expect(address).toBe(e2e().sandboxUrl('uclbrt'));
    expect(address).not.toContain('api.uclbrt.com');
    await uclbrt.getByTestId('demo-cloud-note').getByText(address).waitFor();
  });
});
