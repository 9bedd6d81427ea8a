/**
 * No English on Chinese screens: every screen (and every tab of it), with real data on it, is
 * rendered in zh-CN in Chromium and its visible text is searched for Latin-script words. Allowed:
 * codes and numbers (anything with a digit, all-capital acronyms, dotted error codes), and the
 * product names and technical names a Chinese clerk also sees in English.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { haveChromium, localIn, missingReason, probeDemoStation, qrCardRequest, submitAndWait } from './harness';
import { useE2E } from './use-e2e';

const has = await probeDemoStation();
const REMOVE = '拿走模拟卡';
const reason = missingReason(has, ['simulator', 'cloud', 'outbox']);

/** Product and technical names that stay in Latin script in Chinese. */
const ALLOWED = new Set([
  'Card',
  'Station',
  'English',
  'Classic',
  'Ultralight',
  'Mini',
  'kHz',
  'Account',
  'Auth',
  'Token',
  'Secret',
  'Client',
  'https',
  'http',
  'localhost',
  'Asia',
  'Shanghai',
  'api',
  'uclbrt',
  'com',
  'openapi',
  'tuyacn',
  'user',
  'pass',
  'e.g',
]);

export interface Finding {
  word: string;
  context: string;
}

/** Latin words that are not codes, numbers or allowed names. */
export function latinWords(text: string): Finding[] {
  const out: Finding[] = [];
  for (const m of text.matchAll(/[A-Za-z][A-Za-z0-9_.\-/:@'’]*/g)) {
    const word = m[0].replace(/[.:/'’-]+$/, '');
    if (/\d/.test(word)) continue; // card numbers, serials, device ids, addresses
    if (/^[A-Z][A-Z_-]+$/.test(word) || word.length < 2) continue; // acronyms and codes: UID, MAC, QRALOCK, ID
    if (/^[a-z]+(\.[a-z][a-z-]*)+$/.test(word)) continue; // error codes: station.not-available
    if (word.split(/[./:@-]/).every((part) => !part || ALLOWED.has(part) || /^[A-Z]+$/.test(part))) continue;
    const at = m.index ?? 0;
    out.push({ word, context: text.slice(Math.max(0, at - 30), at + word.length + 30).replace(/\s+/g, ' ') });
  }
  return out;
}

/** ASCII punctuation against Chinese text ("代码: x", "完成."), which Chinese typography writes full-width. */
export function mixedPunctuation(text: string): Finding[] {
  const out: Finding[] = [];
  for (const m of text.matchAll(/[\u3400-\u9fff][,:;!?()]|[,;!?(]\s*[\u3400-\u9fff]/g)) {
    const at = m.index ?? 0;
    out.push({ word: m[0], context: text.slice(Math.max(0, at - 20), at + 20).replace(/\s+/g, ' ') });
  }
  return out;
}

async function visibleText(page: Page): Promise<string> {
  // innerText is what is rendered; option labels of the selects are read too, they are shown when opened.
  // Data shown as code (class "mono": card numbers, serials, device ids) is not words: it is left out.
  return page.evaluate(() => {
    type El = { textContent: string | null; getAttribute(n: string): string | null };
    const doc = (globalThis as unknown as { document: { body: { innerText: string }; querySelectorAll(s: string): ArrayLike<El> } })
      .document;
    const codes = Array.from(doc.querySelectorAll('.mono'), (e) => (e.textContent ?? '').trim()).filter(Boolean);
    const options = Array.from(doc.querySelectorAll('option'), (o) => o.textContent ?? '');
    const labels = Array.from(doc.querySelectorAll('[aria-label], [title], [placeholder]'), (e) =>
      [e.getAttribute('aria-label'), e.getAttribute('title'), e.getAttribute('placeholder')].filter(Boolean).join('\n'),
    );
    let text = [doc.body.innerText, ...options, ...labels].join('\n');
    for (const code of codes.sort((a, b) => b.length - a.length)) text = text.split(code).join(' ');
    return text;
  });
}

/** Lets the screen load its data: no "loading" status left, then a short settle. */
async function settle(page: Page) {
  await page.waitForTimeout(300);
  await page
    .getByText('加载中…')
    .first()
    .waitFor({ state: 'detached', timeout: 10_000 })
    .catch(() => {});
}

describe.skipIf(!haveChromium)('Chinese screens', { timeout: 180_000 }, () => {
  // An administrator sees every screen (Settings, Operators, Activity).
  const e2e = useE2E({}, { as: 'administrator' });

  it.skipIf(reason)(`every screen in zh-CN has no English words and no mixed punctuation${reason ? ` (${reason})` : ''}`, async () => {
    const { page, station } = e2e();
    // Real data on every screen: a done issue, a refused one, a queued loss report, a settings change.
    await submitAndWait(station, qrCardRequest({ buildNo: '1', floorNo: '1', roomNo: '101' }, '13800138000', localIn(2)));
    const refused = await station.outbox.submit(
      qrCardRequest({ buildNo: '1', floorNo: '1', roomNo: '999' }, '13800138001', localIn(2)),
      'e2e-clerk',
    );
    await expect.poll(async () => (await station.outbox.get(refused.id)).state, { timeout: 45_000 }).toBe('failed');
    await submitAndWait(station, {
      kind: 'uclbrt.prox.issue',
      input: {
        serialNum: 'D1E2F3A4',
        buildNo: '1',
        floorNo: '2',
        roomNo: '203',
        end: localIn(2),
        lockType: 'RFLOCK-V9',
        ownerAreaCode: '86',
        opentype: 'single',
        isLost: false,
      },
    });
    await station.rooms.refresh('e2e-setup').catch(() => undefined);

    await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
    await page.getByRole('heading', { level: 1, name: '工作站状态' }).waitFor();
    // Settings saved once: the activity log has a "settings changed" line.
    await expect.poll(async () => (await station.settings.get()).language, { timeout: 10_000 }).toBe('zh-CN');

    const problems: string[] = [];
    const check = async (where: string) => {
      await settle(page);
      // People's names (operators, the desk's test setup) are data, like card numbers: left out.
      const people = [...(await station.registry.auditOperators()), ...station.staff.listOperators().map((o) => o.name)];
      let text = await visibleText(page);
      for (const name of people.sort((a, b) => b.length - a.length)) text = text.split(name).join(' ');
      for (const f of latinWords(text)) problems.push(`${where}: "${f.word}" in …${f.context}…`);
      for (const f of mixedPunctuation(text)) problems.push(`${where}: punctuation "${f.word}" in …${f.context}…`);
    };
    const menu = page.getByRole('navigation', { name: '主菜单' });
    const open = async (name: string) => {
      await menu.getByRole('button', { name, exact: true }).click();
      await page.getByRole('heading', { level: 1 }).first().waitFor();
    };

    await open('状态');
    await check('status');
    await open('房间');
    await check('rooms');
    const firstRoom = page.getByTestId('room-row').first();
    if (await firstRoom.count()) {
      await firstRoom.click();
      await check('room page');
      for (const action of ['新钥匙（新入住）', '复制钥匙', '续住', '退房']) {
        const button = page.getByRole('toolbar', { name: '房间操作' }).getByRole('button', { name: action });
        if (await button.isEnabled()) {
          await button.click();
          await check(`room page: ${action}`);
          await page.keyboard.press('Escape');
        }
      }
    }
    await open('读卡');
    await page.getByRole('region', { name: '模拟发卡器' }).getByRole('button', { name: '模拟放卡' }).click();
    await page.getByTestId('card-read').waitFor();
    await check('read card (blank)');
    const simulated = page.getByRole('region', { name: '模拟发卡器' });
    await simulated.getByRole('button', { name: REMOVE }).click();
    await simulated.getByRole('textbox').fill('D1E2F3A4');
    await simulated.getByRole('button', { name: '模拟放卡' }).click();
    await page.getByTestId('card-identity').waitFor();
    await check('read card (known, with its actions)');
    await simulated.getByRole('button', { name: REMOVE }).click();
    await open('发卡');
    for (const tab of ['按房间', 'UCLBRT 二维码卡', 'UCLBRT 感应卡', '涂鸦门锁卡']) {
      await page.getByRole('tab', { name: tab }).click();
      await check(`issue: ${tab}`);
    }
    // A field error in every form reads as a Chinese sentence.
    await page.getByRole('tab', { name: 'UCLBRT 二维码卡' }).click();
    await page.getByRole('button', { name: '发放二维码卡' }).click();
    await check('issue: errors');
    await open('挂失');
    await page.getByRole('searchbox').fill('13800138000');
    await page.keyboard.press('Enter');
    await check('report lost');
    await open('注销卡');
    for (const tab of ['感应卡（放在发卡器上）', '二维码卡（按卡号）', '涂鸦门锁卡']) {
      await page.getByRole('tab', { name: tab }).click();
      await check(`cancel: ${tab}`);
    }
    await open('队列');
    await check('queue');
    await page
      .getByRole('button', { name: /^修改后重新发送/ })
      .first()
      .click();
    await check('queue: edit and resend');
    await open('操作记录');
    await check('activity');
    await open('报表');
    for (const report of ['due-out', 'overstays', 'expiring']) {
      await page.getByRole('combobox', { name: '报表' }).selectOption(report);
      await check(`reports: ${report}`);
    }
    await open('设置');
    await check('settings');

    await e2e().screenshot('chinese-screens');
    expect(problems).toEqual([]);
  });
});
