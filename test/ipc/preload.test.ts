import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHANNELS, EVENTS, wireChannel } from '../../shared/ipc/contract';
import { buildStationApi, type IpcRendererLike } from '../../electron/preload/station-api';
import { REPO_ROOT } from '../helpers';

type Listener = (event: unknown, ...args: unknown[]) => void;

function fakeIpc() {
  const invoked: Array<{ channel: string; args: unknown[] }> = [];
  const listeners = new Map<string, Set<Listener>>();
  const ipc: IpcRendererLike = {
    invoke: async (channel, ...args) => {
      invoked.push({ channel, args });
      return { ok: true, data: `answer from ${channel}` };
    },
    on: (channel, listener) => {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)!.add(listener);
    },
    removeListener: (channel, listener) => {
      listeners.get(channel)?.delete(listener);
    },
  };
  const emit = (channel: string, payload: unknown) =>
    listeners.get(channel)?.forEach((l) => l({ sender: 'SECRET-ELECTRON-EVENT' }, payload));
  return { ipc, invoked, listeners, emit };
}

describe('the preload API', () => {
  it('exposes exactly invoke and on, frozen', () => {
    const api = buildStationApi(fakeIpc().ipc);
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on']);
    expect(Object.getOwnPropertyNames(api).sort()).toEqual(['invoke', 'on']);
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('sends every contract channel over its prefixed wire channel', async () => {
    const { ipc, invoked } = fakeIpc();
    const api = buildStationApi(ipc);
    for (const channel of CHANNELS) {
      const result = await api.invoke(channel, {} as never);
      expect(result).toEqual({ ok: true, data: `answer from ${wireChannel(channel)}` });
    }
    expect(invoked.map((i) => i.channel)).toEqual(CHANNELS.map(wireChannel));
  });

  it('refuses channels outside the contract without touching IPC', async () => {
    const { ipc, invoked } = fakeIpc();
    const api = buildStationApi(ipc);
    for (const bad of ['shell:openExternal', 'cs:station:status', '__proto__', 'constructor', '']) {
      const result = await api.invoke(bad as never, {} as never);
      expect(result).toMatchObject({ ok: false, error: { code: 'station.validation' } });
    }
    expect(invoked).toEqual([]);
  });

  it('refuses events outside the contract', () => {
    const api = buildStationApi(fakeIpc().ipc);
    expect(() => api.on('ipc:raw' as never, () => {})).toThrow(/Unknown station event/);
    expect(() => api.on('toString' as never, () => {})).toThrow(/Unknown station event/);
  });

  it('delivers only the payload of contract events, and unsubscribes', () => {
    const { ipc, emit, listeners } = fakeIpc();
    const api = buildStationApi(ipc);
    for (const event of EVENTS) {
      const seen: unknown[][] = [];
      const off = api.on(event, (...args: unknown[]) => seen.push(args));
      emit(wireChannel(event), { n: 1 });
      off();
      emit(wireChannel(event), { n: 2 });
      expect(seen).toEqual([[{ n: 1 }]]);
      expect(listeners.get(wireChannel(event))?.size).toBe(0);
    }
  });

  it('the preload entry exposes only this API, under the contract name', () => {
    const source = readFileSync(join(REPO_ROOT, 'electron/preload/index.ts'), 'utf8');
    expect(source.match(/exposeInMainWorld\(/g)).toHaveLength(1);
    expect(source).toMatch(/exposeInMainWorld\(API_GLOBAL, buildStationApi\(ipcRenderer\)\)/);
    expect(source).not.toMatch(/ipcRenderer\.(send|sendSync|invoke|on)\b/);
  });

  const bundle = join(REPO_ROOT, 'out/preload/index.js');
  it.skipIf(!existsSync(bundle))(
    'the built preload is one CommonJS file that requires only electron (a sandboxed preload can load nothing else)',
    () => {
      const code = readFileSync(bundle, 'utf8');
      const required = [...code.matchAll(/require\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
      expect(new Set(required)).toEqual(new Set(['electron']));
      expect(code).not.toMatch(/^\s*import\s|^\s*export\s/m);
    },
  );
});
