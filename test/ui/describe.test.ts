/**
 * The clerk's words for what main writes in its own terms: ordering lines, activity details,
 * operation targets and wall-clock validities, in English and Chinese.
 */
import i18next, { type TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditDetailText, operationTarget, subjectText } from '../../renderer/src/components/describe';
import { formatLocal } from '../../renderer/src/components/format';
import { en } from '../../renderer/src/i18n/en';
import { zh } from '../../renderer/src/i18n/zh';

let tEn: TFunction;
let tZh: TFunction;
const exists = (key: string) => i18next.exists(key);

beforeAll(async () => {
  await i18next.init({
    resources: { en: { translation: en }, 'zh-CN': { translation: zh } },
    lng: 'en',
    interpolation: { escapeValue: false },
  });
  tEn = i18next.getFixedT('en');
  tZh = i18next.getFixedT('zh-CN');
});

describe('ordering lines as words', () => {
  it('names rooms, locks and cards, never the line', () => {
    expect(subjectText('uclbrt:room:--101', tEn)).toBe('Room 101');
    expect(subjectText('room:1-2-202', tEn)).toBe('Room 1-2-202');
    expect(subjectText('tuya:lock:demolock101', tZh)).toBe('门锁 demolock101');
    expect(subjectText('uclbrt:qr:AB12CD34', tEn)).toBe('QR card AB12CD34');
    expect(subjectText('tuya:demolock101:lock-card:77', tEn)).toBe('Card 77 on lock demolock101');
  });
});

describe('activity details as words', () => {
  it('attempts, states, replacements and settings changes, in both languages', () => {
    expect(auditDetailText('attempt 1', tEn, exists, 'en')).toBe('attempt 1');
    expect(auditDetailText('attempt 2', tZh, exists, 'zh-CN')).toBe('第 2 次尝试');
    expect(auditDetailText('attempt 1, next at 2026-11-28T04:00:00.000Z', tZh, exists, 'zh-CN')).toMatch(
      /^第 1 次尝试，下次尝试 11月28日 \d\d:00:00$/,
    );
    expect(auditDetailText('was failed', tZh, exists, 'zh-CN')).toBe('原为失败');
    expect(auditDetailText('changed: language, operatorName; secrets replaced: uclbrt.authToken', tEn, exists, 'en')).toBe(
      'Changed: Language, Desk name; secrets replaced: Auth token',
    );
    expect(auditDetailText('changed: uclbrt', tZh, exists, 'zh-CN')).toBe('已更改：UCLBRT 云');
  });

  it('room actions and directory changes', () => {
    expect(auditDetailText('action a1: 2 revoke, 1 issue', tEn, exists, 'en')).toBe('action a1: Stop ×2, Issue ×1');
    expect(auditDetailText('8 rooms (8 added, 3 updated, 0 removed)', tZh, exists, 'zh-CN')).toBe(
      '共 8 间：新增 8 间，更新 3 间，移除 0 间',
    );
    expect(auditDetailText('3 added, 0 updated, 1 unchanged', tEn, exists, 'en')).toBe('3 added, 0 updated, 1 unchanged');
  });
});

describe('operation targets', () => {
  it('an issue names its room; a cancel its card', () => {
    expect(operationTarget({ kind: 'uclbrt.qr.issue', input: { roomNo: '101' } as never }, tEn)).toBe('Room 101');
    expect(operationTarget({ kind: 'uclbrt.qr.cancel', input: { cardNo: 'XY12' } as never }, tZh)).toBe('二维码卡 XY12');
  });
});

describe('wall-clock validity', () => {
  it('reads "28 Nov 12:00" / "11月28日 12:00" without shifting through this computer\'s zone', () => {
    const year = new Date().getFullYear();
    expect(formatLocal(`${year}-11-28T12:00`, 'en')).toBe('28 Nov 12:00');
    expect(formatLocal(`${year}-11-28T12:00`, 'zh-CN')).toBe('11月28日 12:00');
    expect(formatLocal('2099-01-02T08:05', 'en')).toBe('2 Jan 2099 08:05');
  });
});
