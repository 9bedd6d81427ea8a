/**
 * Staff at a live station, in Chromium: the first administrator, operators added on the Operators
 * screen, a clerk who cannot see Settings, the idle lock that shows nothing of the guest, the same
 * clerk unlocking to a kept form, a shift change to a supervisor who discards the clerk's failed
 * operation, and the Activity screen naming both; then the administrator disables the clerk and
 * enables her again, and she signs in with her old PIN.
 *
 * A live-mode station (the sandbox cloud over loopback, as a real cloud) rather than demo mode with
 * its demo accounts switched off: live mode is where the first-run screen appears for real, and it
 * shows that no demo account exists there.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoFixture } from '../../electron/services/sandbox/fixture';
import { startSandbox, type SandboxHandle } from '../../electron/services/sandbox/server';
import { haveChromium, issueTab, nav, signIn, startE2E, type E2E } from './harness';

const ADA = { name: 'Ada Admin', secret: 'ada-password-1' };
const LI = { name: 'Li Clerk', secret: '4821' };
const WANG = { name: 'Wang Supervisor', secret: 'wang-password-1' };
const GUEST_MOBILE = '13912345678';

describe.skipIf(!haveChromium)('staff at a live station (browser harness, Chromium)', { timeout: 240_000 }, () => {
  let sandbox: SandboxHandle;
  let rig: E2E;
  // Long while the administrator sets up; short while the clerk's window waits to lock.
  let idleLockMs = 10 * 60_000;

  beforeAll(async () => {
    sandbox = await startSandbox({ host: '127.0.0.1', port: 0 });
    const account = demoFixture().uclbrt.accounts[0];
    const community = account.communities[0];
    rig = await startE2E(
      {
        mode: 'live',
        uclbrt: {
          baseUrl: sandbox.url,
          accountSid: account.accountSid,
          authToken: account.authToken,
          communityNo: community.communityNo,
          timezone: community.timeZone,
          operator: { creatorMobile: community.operators[0].mobile, passwordMd5: community.operators[0].passwordMd5 },
        },
        encoder: { driver: 'none' },
      },
      { as: null, idleLockMs: () => idleLockMs },
    );
  }, 180_000);
  afterAll(async () => {
    await rig?.close();
    await sandbox?.close();
  });

  it('first administrator, clerk without Settings, idle lock, unlock, shift change, discard, Activity names both', async () => {
    const { page, station } = rig;
    const menu = page.getByRole('navigation', { name: 'Main menu' });

    // First run: the window asks for the first administrator.
    const firstRun = page.getByRole('form', { name: 'Create the first administrator' });
    await firstRun.waitFor();
    await rig.screenshot('staff-first-run');
    await firstRun.getByRole('textbox', { name: 'Name' }).fill(ADA.name);
    await firstRun.getByLabel('Password', { exact: true }).fill(ADA.secret);
    await firstRun.getByLabel('The same password again').fill(ADA.secret);
    await firstRun.getByRole('button', { name: 'Create the administrator and sign in' }).click();
    await page
      .getByTestId('signed-in-as')
      .filter({ hasText: `${ADA.name} (Administrator)` })
      .waitFor();

    // The administrator adds a clerk and a supervisor.
    await nav(page, 'Operators');
    const add = page.getByRole('form', { name: 'Add an operator' });
    for (const [who, role] of [
      [LI, 'clerk'],
      [WANG, 'supervisor'],
    ] as const) {
      await add.getByRole('textbox', { name: 'Name' }).fill(who.name);
      await add.getByRole('combobox', { name: 'Role' }).selectOption(role);
      await add.getByLabel('PIN or password').fill(who.secret);
      await add.getByLabel('The same again').fill(who.secret);
      await add.getByRole('button', { name: 'Add operator' }).click();
      await page
        .getByRole('status')
        .filter({ hasText: `${who.name} was added.` })
        .waitFor();
    }
    const operators = page.getByRole('table', { name: 'Operators of this station' });
    await operators.getByRole('row').filter({ hasText: LI.name }).filter({ hasText: 'Clerk' }).waitFor();
    await operators.getByRole('row').filter({ hasText: WANG.name }).filter({ hasText: 'Supervisor' }).waitFor();
    await rig.screenshot('staff-operators');
    await page.getByRole('group', { name: 'Signed in' }).getByRole('button', { name: 'Sign out' }).click();

    // A live station has no demo accounts.
    await page.locator('form[aria-labelledby="sign-in-title"]').waitFor();
    expect(await page.getByRole('region', { name: 'Demo accounts' }).count()).toBe(0);

    // The clerk signs in: a clerk's menu, no Settings (not even by its shortcut).
    idleLockMs = 5_000;
    await signIn(page, LI);
    await expect(menu.getByRole('button').allTextContents()).resolves.toEqual([
      'Status',
      'Rooms',
      'Read card',
      'Issue card',
      'Report lost',
      'Cancel card',
      'Queue',
      'Reports',
    ]);
    await page.keyboard.press('Alt+8');
    expect(await page.getByRole('heading', { level: 1, name: 'Settings' }).count()).toBe(0);

    // Li issues a card whose end has already passed: the cloud refuses it, and it fails.
    await nav(page, 'Issue card');
    await issueTab(page, 'UCLBRT QR card');
    const form = page.getByRole('form', { name: 'UCLBRT QR card' });
    await form.getByRole('textbox', { name: 'Building' }).fill('1');
    await form.getByRole('textbox', { name: 'Floor' }).fill('3');
    await form.getByRole('textbox', { name: 'Room', exact: true }).fill('302');
    await form.getByRole('textbox', { name: 'Holder mobile' }).fill(GUEST_MOBILE);
    await form.getByRole('textbox', { name: 'Valid from' }).fill('2019-12-31T12:00');
    await form.getByRole('textbox', { name: 'Valid until' }).fill('2020-01-01T12:00');
    await form.getByRole('button', { name: 'Issue QR card' }).click();
    await form.getByTestId('operation').waitFor();

    // No input for a while: the window locks itself, and shows nothing of the guest.
    const locked = page.getByRole('heading', { level: 1, name: 'Locked' });
    await locked.waitFor({ timeout: 30_000 });
    const shown = await page.locator('body').innerText();
    expect(shown).toContain(`${LI.name} unlocks it with their PIN or password`);
    expect(shown).not.toContain(GUEST_MOBILE);
    expect(shown).not.toContain('1-3-302');
    await rig.screenshot('staff-idle-locked');
    const [failedOp] = (await station.outbox.list({ limit: 10, offset: 0 })).items;
    expect(failedOp).toMatchObject({ operator: LI.name });
    await expect.poll(async () => (await station.outbox.get(failedOp.id)).state, { timeout: 30_000 }).toBe('failed');

    // The same person unlocks with the PIN and finds the form as it was.
    idleLockMs = 10 * 60_000;
    await signIn(page, LI);
    await expect(form.getByRole('textbox', { name: 'Holder mobile' }).inputValue()).resolves.toBe(GUEST_MOBILE);

    // Shift change: Li locks the window, the supervisor signs in over it; Li's form is gone.
    await page.getByRole('group', { name: 'Signed in' }).getByRole('button', { name: 'Lock' }).click();
    await locked.waitFor();
    await signIn(page, WANG);
    await page.getByRole('heading', { level: 1, name: 'Station status' }).waitFor();
    expect(await page.locator('body').innerText()).not.toContain(GUEST_MOBILE);
    await expect(menu.getByRole('button').allTextContents()).resolves.toEqual([
      'Status',
      'Rooms',
      'Read card',
      'Issue card',
      'Report lost',
      'Cancel card',
      'Queue',
      'Activity',
      'Reports',
      'Operators',
    ]);

    // The supervisor discards Li's failed operation.
    await nav(page, 'Queue');
    await page.getByRole('combobox', { name: 'Show' }).selectOption('attention');
    const row = page.locator('[data-testid="queue-row"][data-state="failed"]', { hasText: '1-3-302' }).first();
    await row.getByText(`by ${LI.name}`).waitFor();
    await row.getByRole('button', { name: /^Discard — / }).click();
    await page.getByRole('dialog', { name: 'Discard this operation?' }).getByRole('button', { name: 'Discard' }).click();
    await expect.poll(async () => (await station.outbox.get(failedOp.id)).state, { timeout: 15_000 }).toBe('discarded');

    // Activity names both, and filters by person.
    await nav(page, 'Activity');
    const table = page.getByRole('table');
    await table.getByRole('cell', { name: LI.name, exact: true }).first().waitFor();
    await table.getByRole('cell', { name: WANG.name, exact: true }).first().waitFor();
    const people = page.getByRole('combobox', { name: 'Operator' });
    await expect(people.locator('option').allTextContents()).resolves.toEqual(
      expect.arrayContaining(['Anyone', ADA.name, LI.name, WANG.name]),
    );
    await people.selectOption(LI.name);
    await page.getByRole('button', { name: 'Apply filter' }).click();
    await expect
      .poll(
        async () => {
          const cells = await table.locator('tbody tr td:nth-child(2)').allTextContents();
          return cells.length > 0 && cells.every((c) => c === LI.name);
        },
        { timeout: 15_000 },
      )
      .toBe(true);
    await rig.screenshot('staff-activity-by-person');
    await people.selectOption('');
    await page.getByRole('button', { name: 'Apply filter' }).click();
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export to CSV' }).click();
    const csv = readFileSync((await (await download).path())!, 'utf8');
    expect(csv).toContain(`${WANG.name},operation.discarded`);
    expect(csv).toContain(`${LI.name},operation.accepted`);
  });

  // Continues from the test above: Ada, Li and Wang exist, Wang is signed in.
  it('the administrator disables the clerk, then enables her again: she signs in with her old PIN, and Activity shows both', async () => {
    const { page } = rig;
    const signedIn = page.getByRole('group', { name: 'Signed in' });
    await signedIn.getByRole('button', { name: 'Lock' }).click();
    await signIn(page, ADA);
    await nav(page, 'Operators');
    // The rows by their test id: the table's name changes with the language.
    const li = page.getByTestId('operator-row').filter({ hasText: LI.name });

    await li.getByRole('button', { name: `Disable ${LI.name}` }).click();
    await page.getByRole('dialog', { name: 'Disable this operator?' }).getByRole('button', { name: 'Disable' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `${LI.name} is disabled.` })
      .waitFor();
    await expect.poll(() => li.getAttribute('data-state')).toBe('disabled');
    // A disabled row offers Enable where an active one offers Disable (and its other changes).
    await expect(li.getByRole('button').allTextContents()).resolves.toEqual(['Enable']);
    await expect(
      page.getByTestId('operator-row').filter({ hasText: WANG.name }).getByRole('button', { name: 'Enable' }).count(),
    ).resolves.toBe(0);
    await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
    await li.getByRole('button', { name: `启用 ${LI.name}` }).waitFor();
    await expect(li.getByRole('button').allTextContents()).resolves.toEqual(['启用']);
    await page.getByRole('combobox', { name: '语言' }).selectOption('en');
    await li.getByRole('button', { name: `Enable ${LI.name}` }).waitFor();

    // Li cannot sign in while disabled.
    await signedIn.getByRole('button', { name: 'Sign out' }).click();
    const form = page.locator('form[aria-labelledby="sign-in-title"]');
    await form.getByRole('textbox', { name: 'Name' }).fill(LI.name);
    await form.getByLabel('PIN or password').fill(LI.secret);
    await form.getByLabel('PIN or password').press('Enter');
    await form.getByText('This account is disabled.').waitFor();
    await form.getByText('Ask an administrator to enable it again').waitFor();

    // Ada enables her again; the row is active, with Disable back.
    await signIn(page, ADA);
    await nav(page, 'Operators');
    await li.getByRole('button', { name: `Enable ${LI.name}` }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `${LI.name} is enabled and can sign in again with their old PIN or password.` })
      .waitFor();
    await expect.poll(() => li.getAttribute('data-state')).toBe('active');
    await li.getByRole('button', { name: `Disable ${LI.name}` }).waitFor();
    await rig.screenshot('staff-operator-enabled');

    // Li signs in with the PIN she always had.
    await signedIn.getByRole('button', { name: 'Sign out' }).click();
    await signIn(page, LI);
    await page.getByRole('heading', { level: 1, name: 'Station status' }).waitFor();

    // Activity (the administrator's): who disabled and who re-enabled whom.
    await signedIn.getByRole('button', { name: 'Lock' }).click();
    await signIn(page, ADA);
    await nav(page, 'Activity');
    const rows = page.getByRole('table').locator('tbody tr');
    const entry = (action: string) => rows.filter({ has: page.getByRole('cell', { name: action, exact: true }) });
    await entry('operator disabled').first().waitFor();
    await expect(entry('operator disabled').first().locator('td').allTextContents()).resolves.toEqual(
      expect.arrayContaining([ADA.name, 'operator disabled', LI.name]),
    );
    await expect(entry('operator enabled again').first().locator('td').allTextContents()).resolves.toEqual(
      expect.arrayContaining([ADA.name, 'operator enabled again', LI.name]),
    );
    await rig.screenshot('staff-activity-enabled');
  });
});
