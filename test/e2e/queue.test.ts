/**
 * The queue as staff handle it: an operation they submitted is listed with its state; discarding
 * asks first and Esc backs out of the question; after confirming it is discarded and never sent.
 */
import { describe, expect, it } from 'vitest';
import { confirmDialog, haveChromium, nav, probeDemoStation } from './harness';
import { useE2E } from './use-e2e';

const has = await probeDemoStation();
const reason = has.outbox ? false : 'skipped: the station has no outbox wired yet';

describe.skipIf(!haveChromium)('queue screen', { timeout: 90_000 }, () => {
  // Cancelling a card the station has no record of, and discarding, are a supervisor's.
  const e2e = useE2E({}, { as: 'supervisor' });

  it.skipIf(reason)(`lists a submitted operation; discard asks for confirmation first${reason ? ` (${reason})` : ''}`, async () => {
    const { page, station } = e2e();
    // The card number does not exist in the sandbox, so the operation can never be done: it stays
    // queued (cloud unreachable) or fails (cloud refuses) — either way staff can discard it.
    await nav(page, 'Cancel card');
    await page.getByRole('tab', { name: 'QR card (by number)' }).click();
    const form = page.getByRole('form', { name: 'QR card (by number)' });
    await form.getByRole('textbox', { name: 'Card number' }).fill('NOSUCHCARD0001');
    await form.getByRole('button', { name: 'Cancel QR card' }).click();
    await confirmDialog(page);
    await form.getByTestId('operation').waitFor();

    await nav(page, 'Queue');
    const row = page.getByRole('listitem', { name: /Cancel QR card NOSUCHCARD0001|Cancel QR card .*NOSUCHCARD0001/ }).first();
    await row.waitFor();
    await expect.poll(() => row.getAttribute('data-state'), { timeout: 30_000 }).toMatch(/queued|failed/);
    await e2e().screenshot('queue-before-discard');

    await row.getByRole('button', { name: /^Discard — / }).click();
    const dialog = page.getByRole('dialog', { name: 'Discard this operation?' });
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await expect(row.getAttribute('data-state')).resolves.not.toBe('discarded');

    await row.getByRole('button', { name: /^Discard — / }).click();
    await dialog.getByRole('button', { name: 'Discard' }).click();
    await expect.poll(() => row.getAttribute('data-state'), { timeout: 15_000 }).toBe('discarded');
    const ops = await station.outbox.list({ limit: 100, offset: 0 });
    expect(ops.items.find((o) => o.kind === 'uclbrt.qr.cancel')?.state).toBe('discarded');
    await e2e().screenshot('queue-discarded');
  });
});
