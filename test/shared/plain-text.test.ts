/**
 * Text a person or a PMS types must not carry characters that hide or reorder what staff see: a
 * room shown as `1-1-` + U+202E + `101` + U+200B (right-to-left override, zero-width space) would spoof
 * the activity log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stationConfigSchema } from '../../shared/config';
import { operationRequestSchema } from '../../shared/domain/operations';
import { channels } from '../../shared/ipc/contract';
import { settingsPatchSchema } from '../../shared/settings';
import { findUnsafeCharacter } from '../../shared/text/plain-text';
import { signedInInvoke, type Invoke } from '../sign-in';
import type { Station } from '../../electron/services/station';
import { runCli } from '../../electron/cli/main';
import { demoStation, tempDir } from '../helpers';

const SPOOFED_ROOM = '1-1-\u202E101\u200B';
const issue = (input: Record<string, unknown>) => ({ kind: 'uclbrt.qr.issue', input: { roomNo: '101', mobile: '13800000000', ...input } });

function firstIssue(result: { success: boolean; error?: { issues: Array<{ path: PropertyKey[]; message: string }> } }) {
  expect(result.success).toBe(false);
  const i = result.error!.issues[0];
  return `${i.path.join('.')}: ${i.message}`;
}

describe('findUnsafeCharacter', () => {
  it('finds NUL and other control characters, bidi overrides and isolates, and zero-width characters', () => {
    expect(findUnsafeCharacter('a\u0000b')).toMatchObject({ kind: 'control', codePoint: 'U+0000' });
    expect(findUnsafeCharacter('line\nbreak')).toMatchObject({ kind: 'control', codePoint: 'U+000A' });
    expect(findUnsafeCharacter('\u202E101')).toMatchObject({ kind: 'direction', codePoint: 'U+202E' });
    expect(findUnsafeCharacter('a\u2066b')).toMatchObject({ kind: 'direction', codePoint: 'U+2066' });
    expect(findUnsafeCharacter('a\u200Fb')).toMatchObject({ kind: 'direction', codePoint: 'U+200F' });
    expect(findUnsafeCharacter('101\u200B')).toMatchObject({ kind: 'invisible', codePoint: 'U+200B' });
    expect(findUnsafeCharacter('x\uFEFFy')).toMatchObject({ kind: 'invisible', codePoint: 'U+FEFF' });
    expect(findUnsafeCharacter('half \uD800 surrogate')).toMatchObject({ kind: 'control', codePoint: 'U+D800' });
  });

  it('leaves ordinary text alone: Chinese, accents, spaces, punctuation, emoji', () => {
    for (const ok of ['1-2-202', '前台 张三', 'Zoë O’Brien', 'Suite 5 (sea view)', 'front-desk 🙂', ''])
      expect(findUnsafeCharacter(ok)).toBeUndefined();
  });
});

describe('text fields refuse hidden characters with the field and the problem', () => {
  it('operation inputs: room, building, floor, owner', () => {
    expect(firstIssue(operationRequestSchema.safeParse(issue({ roomNo: SPOOFED_ROOM })))).toBe(
      'input.roomNo: must not contain characters that change the text direction (found U+202E)',
    );
    expect(firstIssue(operationRequestSchema.safeParse(issue({ buildNo: '1\u0000', floorNo: '1' })))).toBe(
      'input.buildNo: must not contain control characters (found U+0000)',
    );
    expect(firstIssue(operationRequestSchema.safeParse(issue({ roomNo: '101\u200B' })))).toBe(
      'input.roomNo: must not contain invisible characters (found U+200B)',
    );
    const prox = {
      kind: 'uclbrt.prox.issue',
      input: { serialNum: 'A1B2C3D4', roomNo: '101', end: '2030-01-01T12:00', lockType: 'QRALOCK', owner: 'Ann\u202Eeve' },
    };
    expect(firstIssue(operationRequestSchema.safeParse(prox))).toMatch(
      /^input\.owner: must not contain characters that change the text direction/,
    );
    // Trailing whitespace from a pasted cell is still trimmed, not refused.
    expect(operationRequestSchema.parse(issue({ roomNo: ' 101\n' })).input).toMatchObject({ roomNo: '101' });
  });

  it('operator names and settings in the config file and in a Settings change', () => {
    expect(firstIssue(stationConfigSchema.safeParse({ operatorName: 'anna\u0000' }))).toBe(
      'operatorName: must not contain control characters (found U+0000)',
    );
    expect(firstIssue(stationConfigSchema.safeParse({ tuya: { clientId: 'c\u200Bid', projectId: 'p' } }))).toBe(
      'tuya.clientId: must not contain invisible characters (found U+200B)',
    );
    expect(firstIssue(settingsPatchSchema.safeParse({ operatorName: '\u202Eanna' }))).toMatch(
      /^operatorName: must not contain characters that change the text direction/,
    );
    expect(
      firstIssue(
        settingsPatchSchema.safeParse({
          uclbrt: { accountSid: 'abcdefghijklmnopqrstuvwxyz012345', communityNo: '1', password: 'pw\u200B' },
        }),
      ),
    ).toMatch(/^uclbrt\.password: must not contain invisible characters/);
  });

  it('search queries and filters', () => {
    expect(firstIssue(channels['cards:find'].request.safeParse({ query: SPOOFED_ROOM }))).toMatch(
      /^query: must not contain characters that change the text direction/,
    );
    expect(firstIssue(channels['audit:list'].request.safeParse({ operator: 'a\u0000' }))).toMatch(
      /^operator: must not contain control characters/,
    );
    expect(firstIssue(channels['audit:exportCsv'].request.safeParse({ query: '101\u200B' }))).toMatch(
      /^query: must not contain invisible characters/,
    );
    expect(firstIssue(channels['operations:list'].request.safeParse({ subject: 'room:\u202E1' }))).toMatch(/^subject: must not contain/);
  });
});

describe('over IPC', () => {
  let station: Station;
  let cleanup: () => Promise<void>;
  let asClerk: Invoke;
  let asSupervisor: Invoke;
  let asAdministrator: Invoke;
  beforeAll(async () => {
    ({ station, cleanup } = await demoStation());
    [asClerk, asSupervisor, asAdministrator] = await Promise.all([
      signedInInvoke(station, 'clerk'),
      signedInInvoke(station, 'supervisor'),
      signedInInvoke(station, 'administrator'),
    ]);
  });
  afterAll(async () => cleanup());

  it('a spoofed room is refused, naming the field, and nothing reaches the queue or the activity log', async () => {
    const r = await asClerk('operations:submit', issue({ roomNo: SPOOFED_ROOM }));
    expect(r).toMatchObject({ ok: false, error: { code: 'station.validation', field: 'input.roomNo' } });
    if (!r.ok) expect(r.error.message).toContain('input.roomNo: must not contain characters that change the text direction (found U+202E)');
    const ops = await asClerk('operations:list', {});
    expect(ops).toMatchObject({ ok: true, data: { total: 0 } });
    const audit = await asSupervisor('audit:list', {});
    expect(audit.ok).toBe(true);
    expect(JSON.stringify(audit)).not.toContain('\u202E');
  });

  it('an operator name with a NUL is refused by settings:update', async () => {
    const r = await asAdministrator('settings:update', { operatorName: 'front\u0000desk' });
    expect(r).toMatchObject({ ok: false, error: { code: 'station.validation', field: 'operatorName' } });
    expect(station.operatorName()).toBe('front-desk');
  });
});

describe('on the command line', () => {
  async function cli(...argv: string[]) {
    const t = tempDir('cs-plain-text-cli-');
    let err = '';
    try {
      const code = await runCli(argv, {
        stdout: () => {},
        stderr: (l) => (err += `${l}\n`),
        env: { ...process.env, STATION_DATA_DIR: t.dir, STATION_CONFIG: '' },
        interrupted: new Promise(() => {}),
      });
      return { code, err };
    } finally {
      t.cleanup();
    }
  }

  it('--operator and a cards find query are held to the same rule', async () => {
    const lost = await cli('report-lost', '--card-no', 'ABCDEF123456', '--operator', 'night\u202Edesk', '--wait', '0');
    expect(lost.code).toBe(2);
    expect(lost.err).toContain('--operator: must not contain characters that change the text direction (found U+202E)');
    const find = await cli('cards', 'find', '101\u200B');
    expect(find.code).toBe(2);
    expect(find.err).toContain('QUERY: must not contain invisible characters (found U+200B)');
  });
});
