/**
 * A native module (SQLite, serial ports, HID) that cannot be loaded: which one, why, and the one
 * command that fixes it, as a catalogue message the window and the CLI both show.
 */
import { StationFailure } from './failure';

export interface NativeRuntime {
  /** Electron's version when running inside Electron. */
  electron?: string;
  node: string;
  /** NODE_MODULE_VERSION of this runtime. */
  modules: string;
  /** An installed copy (the app inside app.asar): the fix is to reinstall, not to run npm. */
  packaged: boolean;
}

export function currentRuntime(): NativeRuntime {
  return {
    electron: process.versions.electron,
    node: process.versions.node,
    modules: process.versions.modules,
    packaged: /[\\/]app\.asar[\\/]/.test(__dirname),
  };
}

/** Debian/Ubuntu packages of the system libraries the station's native modules link to. */
const LIBRARY_PACKAGES: Record<string, string> = {
  'libusb-1.0.so.0': 'libusb-1.0-0',
  'libudev.so.1': 'libudev1',
};

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function codeOf(err: unknown): string {
  return typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : '';
}

/** The package a file path or a "Cannot find module" names: `@libsql/linux-x64-gnu`, `better-sqlite3`. */
function packageIn(text: string): string | undefined {
  const missing = /Cannot find module '([^']+)'/.exec(text);
  if (missing && !/^[./\\]|^[A-Za-z]:/.test(missing[1])) {
    const parts = missing[1].split('/');
    return parts[0].startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  }
  const inNodeModules = /node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)[\\/](?:(?!node_modules)[^'"\n])*\.node\b/.exec(text);
  return inNodeModules?.[1].replace(/\\/g, '/');
}

/**
 * Why loading `module` failed, as a StationFailure with one of the `station.native-module*` codes.
 * `module` is the package the station asked for; the message also names the file or package
 * underneath that was missing or wrong.
 */
export function nativeModuleFailure(module: string, err: unknown, runtime: NativeRuntime = currentRuntime()): StationFailure {
  const text = messageOf(err);
  const firstLine = text.split('\n')[0].trim();
  const culprit = packageIn(text) ?? module;
  if (runtime.packaged) return StationFailure.of('station.native-module-installed', { module, detail: firstLine });

  const abi = /NODE_MODULE_VERSION (\d+)[\s\S]*?NODE_MODULE_VERSION (\d+)/.exec(text);
  if (abi) {
    const fix = runtime.electron ? `npx @electron/rebuild --force --only ${culprit}` : `npm rebuild ${culprit}`;
    const where = runtime.electron ? `Electron ${runtime.electron}` : `Node.js ${runtime.node}`;
    return StationFailure.of('station.native-module-abi', { module: culprit, found: abi[1], needed: abi[2], runtime: where, fix });
  }
  if (codeOf(err) === 'MODULE_NOT_FOUND' || /Cannot find module/.test(text)) {
    return StationFailure.of('station.native-module-missing', { module, missing: culprit, fix: 'npm install' });
  }
  const library = /([^\s:/\\]+\.(?:so(?:\.\d+)*|dylib|dll)): cannot open shared object file|Library not loaded: \S*?([^/\s]+\.dylib)/.exec(
    text,
  );
  if (library) {
    const name = library[1] ?? library[2];
    const pkg = LIBRARY_PACKAGES[name];
    return StationFailure.of('station.native-module-library', {
      module: culprit,
      library: name,
      fix: pkg ? `sudo apt-get install ${pkg}` : `sudo apt-get install <the package that provides ${name}>`,
    });
  }
  return StationFailure.of('station.native-module', { module: culprit, detail: firstLine, fix: `npm install && npm rebuild ${culprit}` });
}
