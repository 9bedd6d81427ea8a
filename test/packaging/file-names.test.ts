/**
 * One file-name case across the code: kebab-case (`report-lost-screen.tsx`, `station-data.ts`), so
 * a file is found by the same rule in electron/, renderer/, shared/, test/ and bench/.
 */
import { execFileSync } from 'node:child_process';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers';

const CODE_FOLDERS = ['electron', 'renderer', 'shared', 'test', 'bench'];
const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*(?:\.[a-z0-9]+)*$/;

describe('file names', () => {
  it('every source file in the code folders is kebab-case', () => {
    const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', ...CODE_FOLDERS], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    })
      .split('\n')
      .filter((f) => /\.(ts|tsx|mjs|js|css)$/.test(f));
    expect(files.length).toBeGreaterThan(100);
    expect(files.filter((f) => !KEBAB.test(basename(f)))).toEqual([]);
  });
});
