/**
 * One encoder, two users (browser harness, Chromium, demo station with the simulated encoder): a
 * clerk waiting for a card on the Rooms new-stay panel keeps the encoder, so a PMS key request is
 * answered "encoder busy" naming the clerk's job; once the clerk has made the key the PMS gets its
 * card. The other way round, a screen opened while the PMS waits for a card says who has the
 * encoder (in English and Chinese) and takes it by itself once the PMS is done.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { FiasTestClient } from '../pms/fias-client';
import { departureIn } from '../pms/pms-rig';
import { confirmDialog, haveChromium, issueTab, missingReason, probeDemoStation } from './harness';
import { useE2E } from './use-e2e';

const has = await probeDemoStation();
const reason = missingReason(has, ['simulator', 'cloud', 'outbox']);
const named = (title: string) => (reason ? `${title} (${reason})` : title);

/** Alt+9, type the room, Enter: its page opens. */
async function openRoom(page: Page, room: string): Promise<void> {
  await page.keyboard.press('Alt+1');
  await page.keyboard.press('Alt+9');
  const search = page.getByRole('combobox', { name: 'Go to room' });
  await expect.poll(() => search.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
  await page.locator('[data-testid="room-row"]').first().waitFor();
  await page.keyboard.type(room);
  await page.keyboard.press('Enter');
  await page.getByTestId('room-overview').waitFor();
}

let stamp = 0;
const record = (room: string) => `KR|K#1|KC1|KTN|RN${room}|WS7|DA261125|TI${String(100000 + ++stamp)}|GD${departureIn(2).fias}|`;

describe.skipIf(!haveChromium)('the desk and the PMS share the encoder (browser harness, Chromium)', { timeout: 180_000 }, () => {
  const e2e = useE2E({ pms: { fias: { port: 0 }, keyWaitSeconds: 30 } });

  async function fias(): Promise<FiasTestClient> {
    const status = await e2e().station.pms.start();
    const client = await FiasTestClient.open(status.listeners.find((l) => l.interface === 'fias')!.port!);
    await client.handshake();
    return client;
  }

  it.skipIf(reason)(
    named(
      'a clerk waiting for a card on the new-stay panel holds the encoder: the PMS is answered BY naming the job; after the clerk made the key, the PMS gets its card',
    ),
    async () => {
      const { page, station } = e2e();
      const client = await fias();
      try {
        await openRoom(page, '203');
        await page.getByRole('toolbar').getByRole('button', { name: 'New key (new stay)', exact: true }).click();
        const panel = page.getByTestId('panel-new-stay');
        await panel.getByTestId('encoder-held').waitFor();
        expect(await panel.getByTestId('encoder-held').textContent()).toContain(
          "a key request from the hotel's PMS is told the encoder is busy",
        );
        expect(station.encoder.leaseHolder()?.label).toBe('Desk (demo): new key for room 203');

        const busy = await client.request(record('203'), 20_000);
        expect(busy.fields.AS).toBe('BY');
        expect(busy.fields.CT).toContain('The encoder is in use: Desk (demo): new key for room 203.');
        expect(busy.fields.CT).toContain('ask the clerk at the desk to finish or leave that screen');

        // The clerk's card is the clerk's: it fills in the panel.
        await station.encoder.simulate({ action: 'place', uid: '04E2E001' });
        const serial = panel.getByRole('textbox', { name: 'Card serial number' });
        await expect.poll(() => serial.inputValue(), { timeout: 10_000 }).toBe('04E2E001');
        await panel.getByRole('button', { name: 'Issue the new key' }).click();
        const dialog = page.locator('dialog[open]');
        await Promise.race([panel.getByTestId('action-progress').waitFor({ timeout: 15_000 }), dialog.waitFor({ timeout: 15_000 })]);
        if (await dialog.count()) await confirmDialog(page);
        await panel.getByTestId('action-progress').waitFor({ timeout: 15_000 });
        // The key is made: the panel gave the encoder back.
        await panel.getByTestId('encoder-held').waitFor({ state: 'detached' });
        await expect.poll(() => station.encoder.leaseHolder()).toBeUndefined();
        await station.encoder.simulate({ action: 'remove' });

        // Now the PMS gets its card, and the desk is asked for it as usual.
        const answer = client.request(record('203'), 40_000);
        await page.getByRole('region', { name: 'Work in progress' }).getByText('PMS: 1 key(s) for room 203 — place card 1 of 1').waitFor();
        await station.encoder.simulate({ action: 'place', uid: '04E2E002' });
        const ka = await answer;
        expect(ka.fields.AS).not.toBe('BY');
        expect(ka.fields.AS).toMatch(/^(OK|QU)$/);
        // The PMS's card did not fill in the clerk's panel.
        expect(await serial.inputValue()).toBe('04E2E001');
        await station.encoder.simulate({ action: 'remove' });
      } finally {
        client.close();
      }
    },
  );

  it.skipIf(reason)(
    named(
      'while the PMS waits for a card, the Issue screen says who has the encoder (English, Chinese), ignores the PMS card, and takes the encoder once the PMS is done',
    ),
    async () => {
      const { page, station } = e2e();
      const client = await fias();
      try {
        await page.keyboard.press('Alt+1');
        const answer = client.request(record('203'), 40_000);
        await page.getByRole('region', { name: 'Work in progress' }).getByText('PMS: 1 key(s) for room 203 — place card 1 of 1').waitFor();

        await issueTab(page, 'UCLBRT proximity card');
        const busy = page.getByTestId('encoder-busy');
        await busy.waitFor();
        expect(await busy.textContent()).toBe(
          'The encoder is in use: PMS: 1 key(s) for room 203. Wait, or ask the PMS user about that request. This screen takes the encoder by itself as soon as it is free.',
        );
        await e2e().screenshot('desk-hold-busy');
        await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
        await expect
          .poll(() => busy.textContent())
          .toBe('发卡器正在使用中：PMS：房间 203 的 1 张房卡。 请稍候，或向 PMS 用户询问该请求。发卡器一空闲，此页面会自动接管。');
        await page.getByRole('combobox', { name: '语言' }).selectOption('en');

        // The card is the PMS's: it does not fill in the clerk's form.
        await station.encoder.simulate({ action: 'place', uid: '04E2E101' });
        const ka = await answer;
        expect(ka.fields.AS).toMatch(/^(OK|QU)$/);
        expect(await page.getByRole('textbox', { name: 'Card serial number' }).inputValue()).toBe('');

        // The PMS is done: the screen takes the encoder by itself.
        await page.getByTestId('encoder-held').waitFor({ timeout: 10_000 });
        await expect.poll(() => station.encoder.leaseHolder()?.label).toBe('Desk (demo): issuing a proximity card');
        await station.encoder.simulate({ action: 'remove' });
        // Leaving the screen gives it back.
        await page.keyboard.press('Alt+1');
        await expect.poll(() => station.encoder.leaseHolder()).toBeUndefined();
      } finally {
        client.close();
      }
    },
  );
});
