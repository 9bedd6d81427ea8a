/**
 * Which native addons the built Electron main bundle loads, and whether each can load in Electron:
 * N-API (one binary for every Node and Electron) or built for Electron's own NODE_MODULE_VERSION.
 * Read from the files themselves, since Electron's binary cannot run here.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative } from 'node:path';

export interface RequireSite {
  file: string;
  specifier: string;
  /** Run when the file loads (not inside a function that runs later). */
  topLevel: boolean;
}

/** Every `require("x")` with a literal specifier in the bundle's .js files. */
export function bundleRequires(outDir: string): RequireSite[] {
  const sites: RequireSite[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.js')) {
        for (const line of readFileSync(full, 'utf8').split('\n')) {
          // The bundler writes statements of the module body unindented; those inside functions are indented.
          for (const m of line.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g))
            sites.push({ file: full, specifier: m[1], topLevel: !/^\s/.test(line) });
        }
      }
    }
  };
  walk(outDir);
  return sites;
}

const BUILTINS = new Set(builtinModules);

/** `@scope/name/sub` → `@scope/name`; undefined for relative paths, Node builtins and electron itself. */
export function packageNameOf(specifier: string): string | undefined {
  if (
    specifier.startsWith('.') ||
    specifier.startsWith('/') ||
    specifier.startsWith('node:') ||
    BUILTINS.has(specifier) ||
    BUILTINS.has(specifier.split('/')[0])
  )
    return undefined;
  if (specifier === 'electron') return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Node's lookup: `node_modules/<name>` in `from` and each folder above it. */
export function findPackageDir(name: string, from: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

interface PackageJson {
  name: string;
  version?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  binary?: { napi_versions?: number[] };
  neon?: unknown;
  napi?: unknown;
  gypfile?: boolean;
}

export interface InstalledPackage {
  name: string;
  dir: string;
  json: PackageJson;
  /** The package that brought it in (undefined for one the bundle requires itself). */
  via?: string;
}

/** The packages `roots` pull in at run time: dependencies and installed optional dependencies, transitively. */
export function runtimeClosure(roots: { name: string; from: string }[]): InstalledPackage[] {
  const seen = new Map<string, InstalledPackage>();
  const queue: { name: string; from: string; via?: string }[] = [...roots];
  while (queue.length) {
    const { name, from, via } = queue.shift()!;
    const dir = findPackageDir(name, from);
    if (!dir || seen.has(dir)) continue;
    const json = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson;
    seen.set(dir, { name, dir, json, via });
    for (const dep of Object.keys({ ...json.dependencies, ...json.optionalDependencies })) queue.push({ name: dep, from: dir, via: name });
  }
  return [...seen.values()];
}

/** The package's own .node files (its nested node_modules are packages of their own). */
export function addonFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      if (entry.name === 'node_modules') continue;
      const full = join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.node') && statSync(full).isFile()) out.push(full);
    }
  };
  walk(dir);
  return out;
}

/** The dynamic symbols an ELF shared object defines (exports) and needs (imports). Undefined if the file is not ELF. */
export function elfSymbols(buf: Buffer): { exports: string[]; imports: string[] } | undefined {
  if (buf.length < 52 || buf.readUInt32BE(0) !== 0x7f454c46) return undefined;
  const is64 = buf[4] === 2;
  const le = buf[5] === 1;
  const u16 = (o: number) => (le ? buf.readUInt16LE(o) : buf.readUInt16BE(o));
  const u32 = (o: number) => (le ? buf.readUInt32LE(o) : buf.readUInt32BE(o));
  const word = (o: number) => (is64 ? Number(le ? buf.readBigUInt64LE(o) : buf.readBigUInt64BE(o)) : u32(o));
  const shoff = word(is64 ? 0x28 : 0x20);
  const shentsize = u16(is64 ? 0x3a : 0x2e);
  const shnum = u16(is64 ? 0x3c : 0x30);
  const section = (i: number) => {
    const at = shoff + i * shentsize;
    return is64
      ? { type: u32(at + 4), offset: word(at + 0x18), size: word(at + 0x20), link: u32(at + 0x28), entsize: word(at + 0x38) }
      : { type: u32(at + 4), offset: u32(at + 16), size: u32(at + 20), link: u32(at + 24), entsize: u32(at + 36) };
  };
  const SHT_DYNSYM = 11;
  const exports: string[] = [];
  const imports: string[] = [];
  for (let i = 0; i < shnum; i++) {
    const sym = section(i);
    if (sym.type !== SHT_DYNSYM || !sym.entsize) continue;
    const strtab = section(sym.link);
    for (let at = sym.offset + sym.entsize; at + sym.entsize <= sym.offset + sym.size; at += sym.entsize) {
      const start = strtab.offset + u32(at);
      const name = buf.toString('latin1', start, buf.indexOf(0, start));
      if (!name) continue;
      // Section index 0: not defined here, the runtime provides it.
      ((is64 ? u16(at + 6) : u16(at + 14)) === 0 ? imports : exports).push(name);
    }
  }
  return { exports, imports };
}

export interface AddonVerdict {
  file: string;
  format: 'elf' | 'other';
  napi: boolean;
  /** NODE_MODULE_VERSION of a non-N-API addon (from its `node_register_module_v<N>` export). */
  abi?: number;
}

/**
 * How an addon registers itself. N-API addons export `napi_register_module_v1`, or (older
 * node-addon-api) call the runtime's `napi_module_register`; the others export
 * `node_register_module_v<NODE_MODULE_VERSION>` (or call `node_module_register`) and load only in
 * that runtime. ELF (this platform's binaries) is read properly; other platforms' prebuilt files
 * are searched for the names.
 */
export function addonVerdict(file: string): AddonVerdict {
  const buf = readFileSync(file);
  const elf = elfSymbols(buf);
  const found = elf
    ? undefined
    : (buf.toString('latin1').match(/_?(?:napi|node)_(?:register_module_v\d+|module_register)\b/g) ?? []).map((n) => n.replace(/^_/, ''));
  const exported = elf?.exports ?? found ?? [];
  const imported = elf?.imports ?? found ?? [];
  const abi = exported.map((n) => /^node_register_module_v(\d+)$/.exec(n)?.[1]).find(Boolean);
  const napi = exported.includes('napi_register_module_v1') || imported.includes('napi_module_register');
  return { file, format: elf ? 'elf' : 'other', napi, ...(abi ? { abi: Number(abi) } : {}) };
}

export interface NativeFinding {
  package: string;
  via?: string;
  /** Declared N-API support in its package.json, for the record. */
  declared: string[];
  addons: AddonVerdict[];
  /** Why it cannot load in Electron; empty when it can. */
  problems: string[];
}

/**
 * For each package the main bundle requires (directly or through its dependencies) that carries
 * native code: its addons and whether each loads in Electron with NODE_MODULE_VERSION `electronAbi`.
 */
export function nativeFindings(outMainDir: string, electronAbi: number): NativeFinding[] {
  const roots = [
    ...new Set(
      bundleRequires(outMainDir)
        .map((s) => packageNameOf(s.specifier))
        .filter((n): n is string => Boolean(n)),
    ),
  ].map((name) => ({ name, from: outMainDir }));
  const findings: NativeFinding[] = [];
  for (const pkg of runtimeClosure(roots)) {
    const addons = addonFiles(pkg.dir).map(addonVerdict);
    const hasSource = existsSync(join(pkg.dir, 'binding.gyp')) || pkg.json.gypfile === true;
    if (!addons.length && !hasSource) continue;
    const declared = [
      ...(pkg.json.binary?.napi_versions ? [`binary.napi_versions ${JSON.stringify(pkg.json.binary.napi_versions)}`] : []),
      ...(pkg.json.neon ? ['neon (N-API) prebuilt package'] : []),
      ...(pkg.json.napi ? ['napi-rs package'] : []),
    ];
    const problems: string[] = [];
    if (!addons.length)
      problems.push(`${pkg.name} has native source (binding.gyp) but no built .node file: it would be compiled at install, for Node's ABI`);
    for (const a of addons) {
      if (a.napi || a.abi === electronAbi) continue;
      const where = relative(pkg.dir, a.file);
      problems.push(
        a.abi !== undefined
          ? `${pkg.name}: ${where} is built for NODE_MODULE_VERSION ${a.abi}, not N-API; Electron needs ${electronAbi} (rebuild it with @electron/rebuild, or use an N-API binding)`
          : `${pkg.name}: ${where} is not N-API (neither napi_register_module_v1 nor napi_module_register) nor marked for NODE_MODULE_VERSION ${electronAbi}`,
      );
    }
    findings.push({ package: pkg.name, via: pkg.via, declared, addons, problems });
  }
  return findings;
}
