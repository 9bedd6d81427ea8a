/**
 * The PMS as the desk sees it (browser harness, Chromium): a PMS key request asks the clerk for
 * each card in the progress area, in the clerk's language; Settings shows the PMS interface.
 */
import { describe, expect, it } from 'vitest';
import { FiasTestClient } from '../pms/fias-client';
import { departureIn } from '../pms/pms-rig';
import { haveChromium, nav } from './harness';
import { useE2E } from './use-e2e';

describe.skipIf(!haveChromium)('PMS at the desk (browser harness, Chromium)', () => {
  // Settings (where the PMS panel is) is an administrator's screen.
  const e2e = useE2E({ pms: { fias: { port: 0 }, keyWaitSeconds: 30 } }, { as: 'administrator' });

  it('a FIAS key request shows "place card 1 of 2" at the desk, in English and in Chinese; Settings shows the interface and the answer', async () => {
    const { page, station } = e2e();
    const status = await station.pms.start();
    const port = status.listeners.find((l) => l.interface === 'fias')!.port!;
    const client = await FiasTestClient.open(port);
    try {
      await client.handshake();
      const out = departureIn(2);
      const answer = client.request(`KR|K#2|KC1|KTN|RN1-2-203|WS1|DA261123|TI111111|GD${out.fias}|`, 60_000);
      const progress = page.getByRole('region', { name: 'Work in progress' });
      await progress.getByText('PMS: 2 key(s) for room 203 — place card 1 of 2').waitFor();
      await e2e().screenshot('pms-place-card');
      await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
      await page
        .getByRole('region', { name: '正在进行的工作' })
        .getByText('PMS：房间 203 共 2 张房卡 — 请放第 1 张卡（共 2 张）')
        .waitFor();
      await page.getByRole('combobox', { name: '语言' }).selectOption('en');

      await station.encoder.simulate({ action: 'place', uid: '04010203' });
      await progress.getByText('PMS: 2 key(s) for room 203 — place card 2 of 2').waitFor();
      await station.encoder.simulate({ action: 'remove' });
      await station.encoder.simulate({ action: 'place', uid: '04040506' });
      const ka = await answer;
      // Whatever the demo cloud made of it, the PMS was answered and the panel counts it.
      expect(ka.fields.AS).toMatch(/^[A-Z]{2}$/);

      await nav(page, 'Settings');
      const panel = page.getByRole('region', { name: 'Hotel PMS interface' });
      await panel.getByText(`FIAS (TCP): listening on 127.0.0.1:${port}`).waitFor();
      await panel.getByText('Connected PMS').waitFor();
      await expect.poll(async () => (await panel.getByTestId('pms-counts').textContent()) ?? '', { timeout: 10_000 }).toMatch(/: 1$/);
      await e2e().screenshot('pms-settings');
    } finally {
      client.close();
    }
  });
});
