/**
 * Settings as staff use them: operator identity saved in main; credentials' secrets go to main
 * and never come back to the page; bad input is explained next to its field.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { accountFor } from '../sign-in';
import { haveChromium, probeDemoStation, signIn } from './harness';
import { useE2E } from './use-e2e';

const has = await probeDemoStation();
const cloudReason = has.cloud ? false : 'skipped: the station has no cloud service (sandbox) wired yet';

async function openSettings(page: Page) {
  await page.getByRole('navigation', { name: 'Main menu' }).getByRole('button', { name: 'Settings', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
}

describe.skipIf(!haveChromium)('settings screen', { timeout: 90_000 }, () => {
  // Settings are the administrator's.
  const e2e = useE2E({}, { as: 'administrator' });

  it('saves the desk name in main', async () => {
    const { page, station } = e2e();
    await openSettings(page);
    const general = page.getByRole('form', { name: 'Station' });
    await general.getByRole('textbox', { name: 'Desk name' }).fill('Front desk 2');
    await general.getByRole('textbox', { name: 'Desk name' }).press('Enter');
    await general.getByText('Saved.').waitFor();
    expect((await station.settings.get()).operatorName).toBe('Front desk 2');
  });

  it('sends UCLBRT credentials to main; the secrets never come back to the page', async () => {
    const { page, station } = e2e();
    await openSettings(page);
    const form = page.getByRole('form', { name: 'UCLBRT cloud' });
    await form.getByRole('textbox', { name: 'Account SID' }).fill('short');
    await form.getByRole('button', { name: 'Save' }).click();
    await form.getByText('must be the 32-letter-and-digit Account SID').waitFor();

    // The demo sandbox's own (public) credentials, so the station keeps working against it.
    const sandbox = e2e().sandboxUrl('uclbrt');
    const token = 'demo-uclbrt-auth-token-0001';
    const password = 'demo1234';
    if (sandbox) await form.getByRole('textbox', { name: 'Server address' }).fill(sandbox);
    await form.getByRole('textbox', { name: 'Account SID' }).fill('DEMO0000000000000000000000000001');
    await form.getByRole('textbox', { name: 'Community number' }).fill('1316879946');
    await form.getByLabel('Auth token').fill(token);
    await form.getByRole('textbox', { name: 'Operator mobile' }).fill('13800000000');
    await form.getByLabel('Operator password').fill(password);
    await form.getByRole('button', { name: 'Save' }).click();
    await form.getByText('Saved.').waitFor();

    const view = await station.settings.get();
    expect(view.uclbrt?.accountSid).toBe('DEMO0000000000000000000000000001');
    expect(view.uclbrt?.hasAuthToken).toBe(true);
    expect(view.uclbrt?.hasPassword).toBe(true);
    await expect(form.getByLabel('Auth token').inputValue()).resolves.toBe('');
    await expect(form.getByLabel('Operator password').inputValue()).resolves.toBe('');
    // Reload: everything the page holds now came from main. A reload is a new session: sign in again.
    await page.reload();
    await signIn(page, await accountFor(station, 'administrator'));
    await openSettings(page);
    await page.getByRole('form', { name: 'UCLBRT cloud' }).getByText('Saved securely; leave empty to keep it').first().waitFor();
    const html = await page.content();
    expect(html).not.toContain(token);
    expect(html).not.toContain(password);
    await e2e().screenshot('settings-credentials');
  });

  it('says a new server address needs the secrets typed again; saving without them changes nothing', async () => {
    const { page, station } = e2e();
    await openSettings(page);
    const form = page.getByRole('form', { name: 'UCLBRT cloud' });
    const address = form.getByRole('textbox', { name: 'Server address' });
    const saved = await address.inputValue();
    expect(saved).toBe(station.config.uclbrt?.baseUrl);

    await address.fill('https://cloud.example.com');
    const note = form.getByRole('note');
    await note.waitFor();
    expect(await note.textContent()).toBe(
      'The server address changed. Stored secrets are only sent to the address they were entered for: enter them again (Auth token, Operator password) to save, or put the old address back.',
    );
    expect(await form.getByText('Enter it again for the new address').count()).toBe(2);

    await form.getByRole('button', { name: 'Save' }).click();
    await form
      .getByRole('alert')
      .filter({ hasText: 'The UCLBRT address changed: enter the auth token and operator password again.' })
      .waitFor();
    await form.getByText('is required for the new address').waitFor();
    expect(station.config.uclbrt?.baseUrl).toBe(saved);
    expect((await station.settings.get()).uclbrt).toMatchObject({ hasAuthToken: true, hasPassword: true });
    await e2e().screenshot('settings-address-changed');

    await address.fill(saved);
    await note.waitFor({ state: 'detached' });
  });

  it.skipIf(cloudReason)(
    `tests the connection and loads the community's issuer MACs${cloudReason ? ` (${cloudReason})` : ''}`,
    async () => {
      const { page } = e2e();
      await openSettings(page);
      const form = page.getByRole('form', { name: 'UCLBRT cloud' });
      await form.getByRole('button', { name: 'Test connection' }).click();
      await form.getByText(/Connected \(\d+ ms\)\./).waitFor({ timeout: 30_000 });
      const encoder = page.getByRole('form', { name: 'Card encoder' });
      await encoder.getByRole('button', { name: 'Load the community’s MAC list' }).click();
      await encoder.getByText(/\d+ MACs? in the community’s list/).waitFor({ timeout: 30_000 });
      await encoder.getByRole('button', { name: 'Test encoder' }).click();
      await encoder
        .getByRole('status')
        .filter({ hasText: /^Encoder ready: .*firmware/ })
        .waitFor({ timeout: 30_000 });
      await e2e().screenshot('settings-tests');
    },
  );
});
