/**
 * Every string the UI shows exists in English and Chinese with the same placeholders, and every
 * message the shared schemas can raise (the inline form errors) has a real Chinese rendering.
 */
import { describe, expect, it } from 'vitest';
import { en } from '../../renderer/src/i18n/en';
import { zh } from '../../renderer/src/i18n/zh';
import { fieldErrorSentence, zhRule } from '../../renderer/src/i18n/validation';
import { encoderConfigSchema, stationConfigSchema, tuyaConfigSchema, uclbrtConfigSchema } from '../../shared/config';
import { describeIssues } from '../../shared/errors/from-zod';
import { settingsPatchSchema } from '../../shared/settings';
import { channels } from '../../shared/ipc/contract';
import {
  cancelProximityInputSchema,
  cancelQrInputSchema,
  issueProximityInputSchema,
  issueQrCardInputSchema,
  reportLostInputSchema,
  tuyaCardRefSchema,
  tuyaIssueInputSchema,
} from '../../shared/domain/operations';
import type { z } from 'zod';

type Tree = { [k: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

describe('UI dictionaries', () => {
  const enKeys = flatten(en as unknown as Tree);
  const zhKeys = flatten(zh as unknown as Tree);

  it('have the same keys in English and Chinese', () => {
    expect([...zhKeys.keys()].sort()).toEqual([...enKeys.keys()].sort());
  });

  it('have a non-empty Chinese text with the same placeholders for every key', () => {
    const problems: string[] = [];
    for (const [key, text] of enKeys) {
      const z = zhKeys.get(key) ?? '';
      if (!z.trim()) problems.push(`${key}: empty`);
      if (placeholders(z).join() !== placeholders(text).join())
        problems.push(`${key}: {{${placeholders(text)}}} vs {{${placeholders(z)}}}`);
    }
    expect(problems).toEqual([]);
  });
});

function messages(schema: z.ZodType, samples: unknown[]): string[] {
  const out: string[] = [];
  for (const s of samples) {
    const r = schema.safeParse(s);
    // As staff see them: one message per unknown key, with its suggestion.
    if (!r.success) out.push(...describeIssues(r.error, schema).map((i) => i.message));
  }
  return out;
}

describe('inline validation messages in Chinese', () => {
  const bad = {
    roomNo: '',
    buildNo: '1',
    mobile: '12ab',
    areaCode: '12345',
    start: '2026-02-30T10:00',
    end: '2026-1-1T1:1',
    cardType: 'floor',
    times: 3,
    isLost: true,
    outInfo: 'has spaces and is far too long',
  };
  const cases: Array<[string, z.ZodType, unknown[]]> = [
    [
      'issue QR',
      issueQrCardInputSchema,
      [bad, { roomNo: 'x'.repeat(40), mobile: '13800138000', start: '2026-11-23T10:00', end: '2026-11-22T10:00' }],
    ],
    [
      'issue proximity',
      issueProximityInputSchema,
      [{ serialNum: 'xyz', roomNo: '', end: '2026-13-01T00:00', lockType: 'QRALOCK', ownerMobile: '1' }],
    ],
    ['cancel proximity', cancelProximityInputSchema, [{ serialNum: '12', lockType: 'QRALOCK' }]],
    ['report lost', reportLostInputSchema, [{ cardNo: '12' }]],
    ['cancel QR', cancelQrInputSchema, [{ cardNo: 'no spaces allowed' }, {}]],
    [
      "missing and mistyped fields (zod's own rules)",
      issueQrCardInputSchema,
      [{}, { roomNo: 7, mobile: '13800138000', times: 300, sendSms: 'yes' }, { roomNo: '1', mobile: '12345' }],
    ],
    ['Tuya issue', tuyaIssueInputSchema, [{ deviceId: 'bad id!', cardId: 'zz', start: '2026-11-23T10:00', end: '2026-11-23T09:00' }]],
    ['Tuya card', tuyaCardRefSchema, [{ deviceId: 'a b', lockCardId: '' }]],
    ['encoder settings', encoderConfigSchema, [{ issueMac: '7C:77:8A:6C:7D:9C' }]],
    [
      'UCLBRT settings',
      uclbrtConfigSchema,
      [
        {
          baseUrl: 'ftp://x',
          accountSid: 'short',
          communityNo: 'abc',
          timezone: 'Mars/Base',
          operator: { creatorAreaCode: '12345', creatorMobile: 'x' },
        },
      ],
    ],
    ['Tuya settings', tuyaConfigSchema, [{ clientId: '', projectId: '', lockDeviceIds: ['bad id!'] }]],
    [
      'hidden characters, unknown keys, credentials in an address',
      stationConfigSchema,
      [
        { operatorName: 'a\u0000', encoder: { port: '/dev/tty\u200BUSB0', driverr: 'pn532' } },
        {
          mode: 'live',
          uclbrt: { baseUrl: 'http://user:pw@api.example.com', accountSid: 'abcdefghijklmnopqrstuvwxyz012345', communityNo: '1', zzz: 1 },
          tuya: { clientId: '\u202Ec', projectId: 'p', baseUrl: 'http://openapi.example.com' },
        },
      ],
    ],
    [
      'Settings change',
      settingsPatchSchema,
      [
        {
          operatorName: 'x'.repeat(65),
          uclbrt: { accountSid: 'abcdefghijklmnopqrstuvwxyz012345', communityNo: '1', password: 'p'.repeat(129) },
        },
      ],
    ],
    [
      'Idle lock',
      settingsPatchSchema,
      [{ staff: { idleLockMinutes: 0 } }, { staff: { idleLockMinutes: 61 } }, { staff: { idleLockMinutes: 2.5 } }],
    ],
    [
      'Operators',
      channels['operators:add'].request,
      [
        { name: 'pms:1', role: 'clerk', secret: '' },
        { name: '', role: 'clerk', secret: 'x'.repeat(129) },
        { name: 'x'.repeat(65), role: 'clerk', secret: '1234' },
      ],
    ],
  ];

  it('the sign-in and Operators forms\' "the two entries differ" has its own Chinese text', () => {
    expect(fieldErrorSentence('the two entries differ', 'zh-CN', '密码')).toBe('密码两次输入不一致。');
  });

  it('the Settings screen\'s "enter the secret again" field message has its own Chinese text', () => {
    // REENTER_SECRET in renderer/src/features/settings/save-bar.tsx
    expect(fieldErrorSentence('is required for the new address', 'zh-CN', '授权令牌')).toBe('新地址需要重新输入授权令牌。');
  });

  it('a rule reads as a sentence naming the field, in English and Chinese', () => {
    expect(fieldErrorSentence('is required', 'en', 'Room')).toBe('Room is required.');
    expect(fieldErrorSentence('is required', 'zh-CN', '房间')).toBe('请填写房间。');
    expect(fieldErrorSentence('must be 5 to 20 digits', 'zh-CN', '持卡人手机号')).toBe('持卡人手机号必须是 5 到 20 位数字。');
    expect(fieldErrorSentence('building and floor numbers go together: give both or neither', 'en', 'Floor')).toBe(
      'Building and floor numbers go together: give both or neither.',
    );
    expect(fieldErrorSentence('is not a known key; did you mean "authToken"?', 'en', 'authtoken')).toBe(
      'Authtoken is not a known key; did you mean "authToken"?',
    );
    // Something nobody wrote a sentence for still reads as Chinese, never as zod's English.
    expect(fieldErrorSentence('some rule from the future', 'zh-CN', '房间')).toBe('房间填写有误，请检查后重试。');
  });

  for (const [name, schema, samples] of cases) {
    it(`${name}: every message has its own Chinese sentence and none is zod's wording`, () => {
      const found = messages(schema, samples);
      expect(found.length).toBeGreaterThan(0);
      expect(found.filter((m) => /^(Invalid|Too |expected|Unrecognized)/.test(m))).toEqual([]);
      expect(found.filter((m) => zhRule(m) === undefined)).toEqual([]);
      for (const m of found) expect(fieldErrorSentence(m, 'en', 'Field')).toMatch(/^[A-Z].*[.?!]$/);
    });
  }
});
