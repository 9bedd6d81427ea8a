import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Command } from '../../electron/cli/command';
import { COMMANDS } from '../../electron/cli/commands';
import { runCli } from '../../electron/cli/main';
import { tempDir } from '../helpers';

const tmp = tempDir('cs-cli-flags-');
afterAll(() => tmp.cleanup());
/** Never created: every refusal below happens before a station (or its data folder) is touched. */
const dataDir = join(tmp.dir, 'data');

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, {
    stdout: (t) => (out += `${t}\n`),
    stderr: (t) => (err += `${t}\n`),
    env: { ...process.env, STATION_DATA_DIR: dataDir, STATION_CONFIG: '' },
    interrupted: new Promise(() => {}),
  });
  return { code, out, err };
}

/** The command's name, its required words and flags with acceptable values: a call that would run. */
function validCall(c: Command): string[] {
  const words = (c.positionals ?? []).filter((p) => p.required).map((p) => p.choices?.[0] ?? 'X1');
  const flags = c.flags
    .filter((f) => f.required)
    .flatMap((f) => [`--${f.name}`, f.type === 'integer' ? String(f.min ?? 0) : (f.choices?.[0] ?? 'X1')]);
  return [...c.name.split(' '), ...words, ...flags];
}

describe('CLI flags are declared, and anything else is refused', () => {
  it.each(COMMANDS.map((c) => [c.name, c] as const))(
    '%s refuses an unknown flag with exit 2, naming it, before doing anything',
    async (_name, command) => {
      const r = await cli(...validCall(command), '--no-such-flag');
      expect(r.code, r.err).toBe(2);
      expect(r.err).toContain('Unknown option --no-such-flag');
      expect(r.err).toContain(`help ${command.name}`);
      expect(existsSync(dataDir)).toBe(false);
    },
  );

  it.each(COMMANDS.map((c) => [c.name, c] as const))(
    '%s suggests the flag meant by a typo, and its help lists every flag',
    async (_name, command) => {
      for (const flag of command.flags) {
        const r = await cli(...validCall(command), `--${flag.name}${flag.name.at(-1)}`);
        expect(r.code, r.err).toBe(2);
        expect(r.err).toContain(`Did you mean --${flag.name}?`);
      }
      const help = await cli('help', ...command.name.split(' '));
      expect(help.code).toBe(0);
      for (const flag of command.flags) expect(help.out).toContain(`--${flag.name}`);
      expect((await cli(...command.name.split(' '), '--help')).out).toBe(help.out);
    },
  );

  it('report-lost --whole-rom is refused (it used to send a single-card report), suggesting --whole-room', async () => {
    const r = await cli('report-lost', '--card-no', 'CARD0001', '--whole-rom');
    expect(r.code).toBe(2);
    expect(r.err).toContain('Unknown option --whole-rom. Did you mean --whole-room?');
    expect(existsSync(dataDir)).toBe(false);
  });

  it('queue drain --dry-run is refused instead of draining', async () => {
    const r = await cli('queue', 'drain', '--dry-run', '--json');
    expect(r.code).toBe(2);
    expect(r.err).toContain('Unknown option --dry-run');
    expect(JSON.parse(r.out)).toMatchObject({ ok: false, error: { code: 'station.usage', message: expect.stringContaining('--dry-run') } });
    expect(existsSync(dataDir)).toBe(false);
  });

  it('an unknown or missing subcommand exits 2 naming it and the closest one', async () => {
    const typo = await cli('queue', 'dran');
    expect(typo.code).toBe(2);
    expect(typo.err).toContain('Unknown command "queue dran". Did you mean "queue drain"?');
    expect((await cli('tuya', 'frezze', '--device', 'D')).err).toContain('Did you mean "tuya freeze"?');
    expect((await cli('confg', 'check')).err).toContain('Did you mean "config"?');
    const bare = await cli('config');
    expect(bare.code).toBe(2);
    expect(bare.err).toContain('"config check"');
    const help = await cli('help', 'config');
    expect(help.code).toBe(0);
    expect(help.out).toContain('config check');
    expect(help.out).toContain('help config check');
    expect((await cli('help', 'queue', 'dran')).code).toBe(2);
  });

  it('values out of range or of the wrong kind are usage errors', async () => {
    const cases: Array<[string[], string]> = [
      [['queue', 'list', '--limit', '0'], '--limit must be a whole number from 1 to 1000; got "0"'],
      [['web', '--port', '70000'], '--port must be a whole number from 0 to 65535; got "70000"'],
      [
        ['read', '--driver', 'simulator', '--timeout', '1e10'],
        '--timeout must be a whole number of milliseconds from 1 to 3600000; got "1e10"',
      ],
      [['read', '--driver', 'simulator', '--timeout', '99999999999'], '--timeout must be a whole number of milliseconds'],
      [['queue', 'list', '--state', 'queud'], 'Did you mean queued?'],
      [['queue', 'list', '--offset', '-1'], '--offset must be a whole number of at least 0; got "-1"'],
      [['report-lost', '--card-no', '--whole-room'], '--card-no needs a value, but --whole-room follows it'],
      [['report-lost', '--card-no', 'A', '--card-no', 'B'], '--card-no is given more than once'],
      [['report-lost', '--whole-room'], 'Missing --card-no X'],
      [['report-lost', '-card-no', 'A'], 'Unknown option -card-no. Did you mean --card-no?'],
      [['ports', '--json=yes'], '--json takes no value'],
      [['queue', 'list', 'failed'], 'Unexpected argument "failed"'],
      [['queue', 'retry'], 'Missing ID'],
      [['emulate', 'acr122', '--port', '/tmp/x'], 'DEVICE must be pn532; got "acr122"'],
    ];
    for (const [argv, message] of cases) {
      const r = await cli(...argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err, argv.join(' ')).toContain(message);
    }
    expect(existsSync(dataDir)).toBe(false);
  });
});

describe('reading flags', () => {
  it('gives converted values, and refuses to read a flag the command did not declare', async () => {
    const { parseArgs, flagBool, flagList, flagNumber, flagString } = await import('../../electron/cli/args');
    const args = parseArgs(['--limit', '20', '--state=queued,failed', '--json', 'word'], {
      flags: [
        { name: 'limit', type: 'integer', min: 1, max: 100, help: '' },
        { name: 'state', type: 'list', choices: ['queued', 'failed'], help: '' },
        { name: 'json', type: 'boolean', help: '' },
        { name: 'subject', type: 'string', help: '' },
      ],
      positionals: [{ name: 'WORD', help: 'a word' }],
    });
    expect([
      flagNumber(args, 'limit'),
      flagList(args, 'state'),
      flagBool(args, 'json'),
      flagString(args, 'subject'),
      args.positionals,
    ]).toEqual([20, ['queued', 'failed'], true, undefined, ['word']]);
    expect(() => flagBool(args, 'verbose')).toThrow('does not declare it');
    expect(() => flagString(args, 'limit')).toThrow('different type');
  });
});
