/**
 * The desktop app opens its database only if every native addon its main bundle loads can load in
 * Electron. Electron's binary cannot run here, so this reads the build and the binaries instead.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getAbi } from 'node-abi';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addonVerdict, bundleRequires, elfSymbols, nativeFindings, packageNameOf, runtimeClosure } from './native-addons';
import { REPO_ROOT, tempDir } from '../helpers';

const OUT_MAIN = join(REPO_ROOT, 'out', 'main');
const electronVersion = (
  JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string }
).version;
const electronAbi = Number(getAbi(electronVersion, 'electron'));

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** `npm test` builds first; run alone, this builds out/main when it is missing or older than its sources. */
async function ensureMainBuilt(): Promise<void> {
  const fresh = () =>
    existsSync(join(OUT_MAIN, 'index.js')) &&
    Math.max(newestSource(join(REPO_ROOT, 'electron')), newestSource(join(REPO_ROOT, 'shared'))) <=
      statSync(join(OUT_MAIN, 'index.js')).mtimeMs;
  const lock = join(REPO_ROOT, 'out', '.e2e-build.lock'); // the lock the e2e rig builds under
  mkdirSync(join(REPO_ROOT, 'out'), { recursive: true });
  for (let waited = 0; !fresh(); waited += 500) {
    try {
      mkdirSync(lock);
    } catch {
      if (waited > 120_000) rmdirSync(lock);
      await new Promise((r) => setTimeout(r, 500));
      continue;
    }
    try {
      const r = spawnSync(join(REPO_ROOT, 'node_modules', '.bin', 'electron-vite'), ['build'], { cwd: REPO_ROOT, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`electron-vite build failed:\n${r.stdout}\n${r.stderr}`);
    } finally {
      rmdirSync(lock);
    }
  }
}

/** A minimal ELF64 shared object whose dynamic symbol table holds `symbols`. */
function makeElf(symbols: { name: string; defined: boolean }[]): Buffer {
  const strtab = Buffer.concat([Buffer.from([0]), ...symbols.map((s) => Buffer.from(`${s.name}\0`, 'latin1'))]);
  const symtab = Buffer.alloc(24 * (symbols.length + 1));
  let nameAt = 1;
  symbols.forEach((s, i) => {
    const at = 24 * (i + 1);
    symtab.writeUInt32LE(nameAt, at);
    symtab[at + 4] = 0x12; // global function
    symtab.writeUInt16LE(s.defined ? 7 : 0, at + 6);
    nameAt += Buffer.byteLength(s.name, 'latin1') + 1;
  });
  const header = Buffer.alloc(64);
  const strAt = 64;
  const symAt = strAt + strtab.length;
  const shoff = symAt + symtab.length;
  header.writeUInt32BE(0x7f454c46, 0);
  header[4] = 2; // 64-bit
  header[5] = 1; // little-endian
  header[6] = 1;
  header.writeUInt16LE(3, 0x10); // shared object
  header.writeUInt16LE(0x3e, 0x12);
  header.writeUInt32LE(1, 0x14);
  header.writeBigUInt64LE(BigInt(shoff), 0x28);
  header.writeUInt16LE(64, 0x34);
  header.writeUInt16LE(64, 0x3a);
  header.writeUInt16LE(3, 0x3c);
  const sections = Buffer.alloc(64 * 3);
  const sectionAt = (i: number, type: number, offset: number, size: number, link: number, entsize: number) => {
    const at = 64 * i;
    sections.writeUInt32LE(type, at + 4);
    sections.writeBigUInt64LE(BigInt(offset), at + 0x18);
    sections.writeBigUInt64LE(BigInt(size), at + 0x20);
    sections.writeUInt32LE(link, at + 0x28);
    sections.writeBigUInt64LE(BigInt(entsize), at + 0x38);
  };
  sectionAt(1, 3, strAt, strtab.length, 0, 0); // .dynstr
  sectionAt(2, 11, symAt, symtab.length, 1, 24); // .dynsym
  return Buffer.concat([header, strtab, symtab, sections]);
}

describe('native addons of the Electron main bundle (read from out/main)', () => {
  beforeAll(ensureMainBuilt, 180_000);

  it(`each is N-API or built for the installed Electron ${electronVersion} (NODE_MODULE_VERSION ${electronAbi})`, () => {
    const findings = nativeFindings(OUT_MAIN, electronAbi);
    for (const f of findings) {
      const addons = f.addons.map((a) => `${a.file.slice(a.file.lastIndexOf('node_modules'))} ${a.napi ? 'N-API' : `v${a.abi ?? '?'}`}`);
      console.log(
        `${f.package}${f.via ? ` (via ${f.via})` : ''}: ${f.declared.join(', ') || 'no declaration'}; ${addons.length} addon(s)${addons.length ? `, e.g. ${addons[0]}` : ''}`,
      );
    }
    expect(findings.flatMap((f) => f.problems)).toEqual([]);
    const names = findings.map((f) => f.package);
    // The three the station needs: SQLite, serial ports, HID. Without libsql's platform binary there is no database.
    expect(names).toEqual(expect.arrayContaining(['@serialport/bindings-cpp', 'node-hid']));
    const sqlite = findings.filter((f) => f.package.startsWith('@libsql/'));
    expect(sqlite.flatMap((f) => f.addons).some((a) => a.format === 'elf' && a.napi)).toBe(true);
    expect(names).not.toContain('better-sqlite3');
  });

  it('none is loaded when the bundle starts, so a failure can still be shown with its name', () => {
    const sites = bundleRequires(OUT_MAIN);
    const startup = new Set([join(OUT_MAIN, 'index.js')]);
    for (let grew = true; grew;) {
      grew = false;
      for (const s of sites) {
        if (!startup.has(s.file) || !s.topLevel || !s.specifier.startsWith('.')) continue;
        const target = join(s.file, '..', s.specifier);
        if (!startup.has(target)) grew = startup.add(target) !== undefined;
      }
    }
    const native = new Set(nativeFindings(OUT_MAIN, electronAbi).map((f) => f.package));
    const atStart = sites
      .filter((s) => startup.has(s.file) && s.topLevel)
      .map((s) => packageNameOf(s.specifier))
      .filter((n): n is string => Boolean(n));
    const loadsNative = atStart.filter((name) => runtimeClosure([{ name, from: OUT_MAIN }]).some((p) => native.has(p.name)));
    expect(loadsNative).toEqual([]);
    // And they are required at all (the check above is not empty because nothing was found).
    expect(sites.filter((s) => !s.topLevel).map((s) => s.specifier)).toContain('libsql');
  });
});

describe('the native-addon check itself', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => cleanups.splice(0).forEach((c) => c()));

  /** out/main requiring `pkg` at start, and node_modules/<pkg> with one addon and (optionally) native source. */
  function fixture(pkg: string, addon: Buffer | undefined, json: Record<string, unknown> = {}): string {
    const t = tempDir('native-abi-');
    cleanups.push(t.cleanup);
    const outMain = join(t.dir, 'out', 'main');
    mkdirSync(outMain, { recursive: true });
    writeFileSync(join(outMain, 'index.js'), `"use strict";\nconst electron = require("electron");\nconst db = require("${pkg}");\n`);
    const dir = join(t.dir, 'node_modules', pkg);
    mkdirSync(join(dir, 'build', 'Release'), { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: pkg, version: '12.0.0', dependencies: { bindings: '^1' }, ...json }));
    writeFileSync(join(dir, 'binding.gyp'), '{}');
    if (addon) writeFileSync(join(dir, 'build', 'Release', `${pkg}.node`), addon);
    mkdirSync(join(t.dir, 'node_modules', 'bindings'), { recursive: true });
    writeFileSync(join(t.dir, 'node_modules', 'bindings', 'package.json'), JSON.stringify({ name: 'bindings', version: '1.5.0' }));
    return outMain;
  }

  it('fails for better-sqlite3 built for Node 20 (the state before libsql), naming the file and both versions', () => {
    const outMain = fixture(
      'better-sqlite3',
      makeElf([
        { name: 'node_register_module_v115', defined: true },
        { name: 'napi_create_function', defined: false },
      ]),
    );
    const problems = nativeFindings(outMain, 150).flatMap((f) => f.problems);
    expect(problems).toEqual([
      'better-sqlite3: build/Release/better-sqlite3.node is built for NODE_MODULE_VERSION 115, not N-API; Electron needs 150 (rebuild it with @electron/rebuild, or use an N-API binding)',
    ]);
    expect(bundleRequires(outMain).find((s) => s.specifier === 'better-sqlite3')?.topLevel).toBe(true);
  });

  it('passes the same package rebuilt for Electron, and an N-API addon', () => {
    expect(
      nativeFindings(fixture('better-sqlite3', makeElf([{ name: 'node_register_module_v150', defined: true }])), 150).flatMap(
        (f) => f.problems,
      ),
    ).toEqual([]);
    expect(
      nativeFindings(fixture('some-napi-addon', makeElf([{ name: 'napi_register_module_v1', defined: true }])), 150).flatMap(
        (f) => f.problems,
      ),
    ).toEqual([]);
  });

  it("an addon registering through the runtime's napi_module_register (older node-addon-api, as node-hid) is N-API", () => {
    const file = join(tempDir('native-abi-').dir, 'x.node');
    writeFileSync(
      file,
      makeElf([
        { name: 'napi_module_register', defined: false },
        { name: '_Z4InitN4Napi3EnvENS_6ObjectE', defined: true },
      ]),
    );
    expect(addonVerdict(file)).toMatchObject({ format: 'elf', napi: true });
  });

  it('an addon that only imports the N-API entry point is not N-API', () => {
    const file = join(tempDir('native-abi-').dir, 'x.node');
    writeFileSync(
      file,
      makeElf([
        { name: 'napi_register_module_v1', defined: false },
        { name: 'node_register_module_v115', defined: true },
      ]),
    );
    expect(addonVerdict(file)).toMatchObject({ format: 'elf', napi: false, abi: 115 });
  });

  it('fails for native source with no binary (it would be compiled for Node at install)', () => {
    expect(nativeFindings(fixture('better-sqlite3', undefined), 150).flatMap((f) => f.problems)).toEqual([
      "better-sqlite3 has native source (binding.gyp) but no built .node file: it would be compiled at install, for Node's ABI",
    ]);
  });

  it.skipIf(spawnSync('nm', ['--version']).status !== 0)(
    "reads real addons as nm does: the SQLite one's exports, node-hid's imports",
    () => {
      const nm = (file: string, flag: string) =>
        spawnSync('nm', ['-D', flag, file], { encoding: 'utf8' })
          .stdout.split('\n')
          .map((l) => l.trim().split(/\s+/).pop()!.replace(/@.*$/, ''))
          .filter(Boolean);
      const sqlite = readdirSync(join(REPO_ROOT, 'node_modules', '@libsql'))
        .map((d) => join(REPO_ROOT, 'node_modules', '@libsql', d, 'index.node'))
        .find((f) => existsSync(f) && readFileSync(f).readUInt32BE(0) === 0x7f454c46)!;
      const mine = elfSymbols(readFileSync(sqlite))!;
      expect(mine.exports).toContain('napi_register_module_v1');
      expect(new Set(mine.exports)).toEqual(new Set(nm(sqlite, '--defined-only')));
      const hid = join(REPO_ROOT, 'node_modules', 'node-hid', 'prebuilds', 'HID-linux-x64', 'node-napi-v4.node');
      const hidImports = elfSymbols(readFileSync(hid))!.imports;
      expect(hidImports).toContain('napi_module_register');
      expect(new Set(hidImports.filter((n) => n.startsWith('napi_')))).toEqual(
        new Set(nm(hid, '--undefined-only').filter((n) => n.startsWith('napi_'))),
      );
    },
  );
});
