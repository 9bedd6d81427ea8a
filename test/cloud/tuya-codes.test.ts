import { describe, expect, it } from 'vitest';
import { ERROR_CATEGORIES, describeError, findErrorEntry, stationError } from '../../shared/errors';
import { TUYA_ERRORS, TUYA_GLOBAL_CODES, tuyaErrorCode } from '../../shared/errors/tuya-codes';
import { TUYA_MESSAGES } from '../../electron/services/sandbox/tuya/reply';

const CJK = /[\u4e00-\u9fff]/;

describe('Tuya error catalogue', () => {
  it('has every Tuya global code once, with English and Chinese text, a category and an action', () => {
    const codes = TUYA_ERRORS.map((e) => e.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const n of TUYA_GLOBAL_CODES) {
      const entry = findErrorEntry(tuyaErrorCode(n));
      expect(entry, `tuya.${n}`).toBeDefined();
      expect(ERROR_CATEGORIES).toContain(entry!.category);
      expect(entry!.en.length, `tuya.${n} en`).toBeGreaterThan(10);
      expect(entry!.actionEn.length, `tuya.${n} actionEn`).toBeGreaterThan(10);
      expect(entry!.zh, `tuya.${n} zh`).toMatch(CJK);
      expect(entry!.actionZh, `tuya.${n} actionZh`).toMatch(CJK);
    }
  });

  it('covers every code the sandbox answers and the client raises', () => {
    for (const n of Object.keys(TUYA_MESSAGES)) expect(findErrorEntry(`tuya.${n}`), `tuya.${n}`).toBeDefined();
    expect(findErrorEntry('tuya.operate-failed')).toBeDefined();
  });

  it('sorts the codes staff can act on into the right kind of problem', () => {
    const category = (n: number) => findErrorEntry(tuyaErrorCode(n))?.category;
    expect(category(1004)).toBe('check-configuration');
    expect(category(1013)).toBe('check-configuration');
    expect(category(1010)).toBe('retry-later');
    expect(category(1101)).toBe('fix-input');
    expect(category(2001)).toBe('retry-later');
    expect(category(2008)).toBe('not-supported');
    expect(category(1000)).toBe('vendor-data');
  });

  it('shows a known code in the chosen language, and an unknown one with the server text', () => {
    const known = stationError('tuya.2001', undefined, { serverText: 'device is offline' });
    expect(describeError(known, 'en').text).toBe('The lock is offline.');
    expect(describeError(known, 'zh-CN').text).toBe('门锁已离线。');
    const unknown = stationError('tuya.28841105', undefined, {
      serverText: 'No permissions. This project is not authorized to call this API',
    });
    expect(describeError(unknown, 'zh-CN').text).toBe('No permissions. This project is not authorized to call this API');
  });
});
