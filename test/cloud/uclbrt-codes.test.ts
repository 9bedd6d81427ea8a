import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeError, ERROR_CATEGORIES, findErrorEntry } from '../../shared/errors';
import { UCLBRT_ERRORS } from '../../shared/errors/uclbrt-codes';
import { vendorError } from '../../electron/services/cloud/outcome';

const SEEDS_DIR = path.resolve(__dirname, '../../../shared/seeds');
const seedFile = existsSync(SEEDS_DIR) ? readdirSync(SEEDS_DIR).find((f) => f.startsWith('004_')) : undefined;

/** Every code in the seed's tables: a line that starts with the number (`500*` too). */
function seedCodes(): string[] {
  const text = readFileSync(path.join(SEEDS_DIR, seedFile!), 'utf8');
  const codes = new Set<string>();
  for (const line of text.split(/\r?\n/)) {
    const m = /^(\d{3,4})\*?\s/.exec(line);
    if (m) codes.add(m[1]);
  }
  return [...codes];
}

describe('UCLBRT error catalogue', () => {
  it.skipIf(!seedFile)(
    `has every code of seed 004 in English and Chinese${seedFile ? '' : ` (SKIPPED: no 004_*.txt in ${SEEDS_DIR})`}`,
    () => {
      const codes = seedCodes();
      expect(codes.length).toBeGreaterThan(100);
      // 200 is success, not an error.
      const missing = codes.filter((c) => c !== '200' && !findErrorEntry(`uclbrt.${c}`));
      expect(missing).toEqual([]);
      for (const c of codes.filter((x) => x !== '200')) {
        const entry = findErrorEntry(`uclbrt.${c}`)!;
        expect(entry.en.length, c).toBeGreaterThan(5);
        expect(entry.zh, c).toMatch(/[\u4e00-\u9fff]/);
        expect(entry.actionEn.length, c).toBeGreaterThan(5);
        expect(entry.actionZh, c).toMatch(/[\u4e00-\u9fff]/);
        expect(ERROR_CATEGORIES).toContain(entry.category);
      }
    },
  );

  it('has no duplicate codes', () => {
    const codes = UCLBRT_ERRORS.map((e) => e.code);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('puts the documented special cases in the right categories', () => {
    expect(findErrorEntry('uclbrt.4005')?.category).toBe('retry-later');
    expect(findErrorEntry('uclbrt.5217')?.category).toBe('not-supported');
    expect(findErrorEntry('uclbrt.5217')?.actionEn).toMatch(/whole room/);
    expect(findErrorEntry('uclbrt.4008')?.category).toBe('check-configuration');
    expect(findErrorEntry('uclbrt.5007')?.category).toBe('fix-input');
    expect(findErrorEntry('uclbrt.5203')?.category).toBe('sms');
    expect(findErrorEntry('uclbrt.5008')?.category).toBe('vendor-data');
  });

  it('shows a known code in the chosen language, and an unknown code with the server text', () => {
    const known = vendorError('uclbrt', '5217', 'not support report single loss');
    expect(describeError(known, 'zh-CN').text).toBe('该房间的门锁不支持单卡挂失。');
    expect(describeError(known, 'en').action).toMatch(/whole room/);
    const unknown = vendorError('uclbrt', '7777', '新错误 something new');
    expect(unknown.code).toBe('uclbrt.7777');
    expect(describeError(unknown, 'en').text).toBe('新错误 something new');
    expect(describeError(unknown, 'zh-CN').text).toBe('新错误 something new');
  });
});
