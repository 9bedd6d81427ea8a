/** The clouds' clients never reach into the sandbox that imitates them: the lint rule says so, for code and types alike. */
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..');

async function restrictedImports(filePath: string, source: string): Promise<string[]> {
  const [result] = await new ESLint({ cwd: root }).lintText(source, { filePath: join(root, filePath) });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('cloud/ does not import sandbox/', () => {
  it('refuses a sandbox import in cloud/, a type import too, and allows it where the station wires the demo sandbox', async () => {
    expect(
      await restrictedImports(
        'electron/services/cloud/probe.ts',
        "import { startSandbox } from '../sandbox/server';\nexport const start = startSandbox;\n",
      ),
    ).toEqual([expect.stringContaining('cloud/ must not import sandbox/')]);
    expect(
      await restrictedImports(
        'electron/services/cloud/uclbrt/probe.ts',
        "import type { SandboxFixture } from '../../sandbox/types';\nexport type F = SandboxFixture;\n",
      ),
    ).toHaveLength(1);
    expect(
      await restrictedImports(
        'electron/services/station-probe.ts',
        "import { startSandbox } from './sandbox/server';\nexport const start = startSandbox;\n",
      ),
    ).toEqual([]);
  }, 60_000);
});
