import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ELECTRON_CSP, harnessCsp, RENDERER_META_CSP } from '../../electron/services/harness/csp';
import { REPO_ROOT, tempDir } from '../helpers';

const BIN = join(REPO_ROOT, 'node_modules', '.bin', 'electronegativity');
const ACCEPTED: Array<{ check: string; file: string; reason: string }> = JSON.parse(
  readFileSync(join(REPO_ROOT, 'electronegativity-accepted.json'), 'utf8'),
).accepted;

interface Finding {
  check: string;
  file: string;
  line: number;
  message: string;
}

const work = tempDir('cs-electronegativity-');
afterAll(() => work.cleanup());

/** Scans electron/ and renderer/ together (global checks need main and renderer in one run). */
function scan(): Finding[] {
  const src = join(work.dir, 'src');
  for (const part of ['electron', 'renderer']) {
    cpSync(join(REPO_ROOT, part), join(src, part), { recursive: true, filter: (p) => !p.includes('node_modules') });
  }
  cpSync(join(REPO_ROOT, 'package.json'), join(src, 'package.json'));
  const electronVersion = JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules/electron/package.json'), 'utf8')).version as string;
  const out = join(work.dir, 'findings.sarif');
  const run = spawnSync(BIN, ['-i', src, '-e', electronVersion, '-o', out, '-r', '-v', 'false'], { encoding: 'utf8', timeout: 240_000 });
  if (!existsSync(out)) throw new Error(`electronegativity wrote no report (exit ${run.status}): ${run.stderr}`);
  const sarif = JSON.parse(readFileSync(out, 'utf8'));
  return sarif.runs[0].results.map(
    (r: {
      ruleId: string;
      message: { text: string };
      locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region?: { startLine?: number } } }>;
    }) => ({
      check: r.ruleId,
      file: r.locations[0]?.physicalLocation.artifactLocation.uri.replace(/^\.?\//, ''),
      line: r.locations[0]?.physicalLocation.region?.startLine ?? 0,
      message: r.message.text,
    }),
  );
}

describe('electronegativity', () => {
  it.skipIf(!existsSync(BIN))('finds nothing in electron/ and renderer/ beyond the accepted list', { timeout: 300_000 }, () => {
    const findings = scan();
    const unexplained = findings.filter((f) => !ACCEPTED.some((a) => a.check === f.check && a.file === f.file));
    expect(
      unexplained,
      `new findings (fix them, or add them with a reason to electronegativity-accepted.json):\n${unexplained.map((f) => `${f.check} ${f.file}:${f.line} ${f.message}`).join('\n')}`,
    ).toEqual([]);
  });

  it('every accepted finding has a reason', () => {
    for (const a of ACCEPTED) expect(a.reason.length, `${a.check} ${a.file}`).toBeGreaterThan(40);
  });

  it('the CSPs it cannot read allow only our own scripts and no remote content', () => {
    for (const csp of [ELECTRON_CSP, RENDERER_META_CSP, harnessCsp(4000)]) {
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("base-uri 'none'");
      expect(csp).not.toMatch(/unsafe-|https?:|\*\.|'strict-dynamic'|blob:/);
    }
    expect(ELECTRON_CSP).toContain("connect-src 'self'; ");
    expect(harnessCsp(4000)).toContain("connect-src 'self' ws://127.0.0.1:4000;");
  });
});
