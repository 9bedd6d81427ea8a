import { describe, expect, it } from 'vitest';
import { CHANNELS, wireChannel } from '../../shared/ipc/contract';
import { stationDispatcher } from '../../electron/services/ipc/handlers';
import { forwardStationEvents, registerStationIpc, type IpcMainLike, type SenderEvent } from '../../electron/main/ipc';
import { isAllowedRequestUrl, isOwnRendererUrl, isTrustedSender, rendererOrigin } from '../../electron/main/trust';
import { demoStation } from '../helpers';

const origin = rendererOrigin('/opt/Card Station/resources/app.asar/out/renderer/index.html');

describe('main process IPC registration', () => {
  it('registers every channel of the contract, checks the sender, and unregisters', async () => {
    const { station, cleanup } = await demoStation();
    try {
      const handlers = new Map<string, (event: SenderEvent, ...args: unknown[]) => Promise<unknown>>();
      const ipcMain: IpcMainLike = { handle: (c, l) => void handlers.set(c, l), removeHandler: (c) => void handlers.delete(c) };
      const mainFrame = { url: `${origin.indexFileUrl}#/status` };
      const connection = station.staff.connect('window');
      const unregister = registerStationIpc(
        ipcMain,
        stationDispatcher(station),
        (e) => isTrustedSender(e.senderFrame, mainFrame, origin),
        connection,
      );
      expect([...handlers.keys()].sort()).toEqual(CHANNELS.map(wireChannel).sort());

      const status = handlers.get(wireChannel('station:status'))!;
      await expect(status({ senderFrame: mainFrame }, {})).resolves.toMatchObject({ ok: true, data: { mode: 'demo' } });
      await expect(status({ senderFrame: { url: mainFrame.url } }, {})).resolves.toMatchObject({
        ok: false,
        error: { code: 'station.forbidden-sender' },
      });
      await expect(status({ senderFrame: null }, {})).resolves.toMatchObject({ ok: false, error: { code: 'station.forbidden-sender' } });
      unregister();
      expect(handlers.size).toBe(0);
    } finally {
      await cleanup();
    }
  });

  it('forwards station events to the window until it is destroyed', async () => {
    const { station, cleanup } = await demoStation();
    try {
      const sent: Array<[string, unknown]> = [];
      let destroyed = false;
      const connection = station.staff.connect('window');
      await station.staff.signIn(connection, 'demo', '1234');
      const off = forwardStationEvents(station, connection, { isDestroyed: () => destroyed, send: (c, p) => sent.push([c, p]) });
      station.events.emit('progress', { task: 't', label: 'l', done: 1, total: 2 });
      destroyed = true;
      station.events.emit('progress', { task: 't', label: 'l', done: 2, total: 2 });
      off();
      expect(sent).toEqual([[wireChannel('progress'), { task: 't', label: 'l', done: 1, total: 2 }]]);
    } finally {
      await cleanup();
    }
  });
});

describe('the sender check', () => {
  it('trusts only our own page in our main frame', () => {
    const main = { url: origin.indexFileUrl, processId: 4, routingId: 1 };
    expect(isTrustedSender(main, main, origin)).toBe(true);
    expect(isTrustedSender({ ...main }, main, origin)).toBe(true);
    expect(isTrustedSender({ ...main, routingId: 2 }, main, origin)).toBe(false);
    const elsewhere = { url: 'file:///tmp/evil.html' };
    expect(isTrustedSender(elsewhere, elsewhere, origin)).toBe(false);
    const remote = { url: 'https://example.com/' };
    expect(isTrustedSender(remote, remote, origin)).toBe(false);
  });

  it('accepts the dev server only when one is configured', () => {
    expect(isOwnRendererUrl('http://localhost:5173/', origin)).toBe(false);
    const dev = rendererOrigin('/x/out/renderer/index.html', 'http://localhost:5173');
    expect(isOwnRendererUrl('http://localhost:5173/#/x', dev)).toBe(true);
    expect(isOwnRendererUrl('http://localhost:5174/', dev)).toBe(false);
    expect(isOwnRendererUrl('not a url', dev)).toBe(false);
  });

  it('lets the window load only the bundled renderer, never remote or other local files', () => {
    const dir = origin.indexFileUrl.replace(/index\.html$/, '');
    expect(isAllowedRequestUrl(origin.indexFileUrl, origin)).toBe(true);
    expect(isAllowedRequestUrl(`${dir}assets/index-abc.js`, origin)).toBe(true);
    expect(isAllowedRequestUrl('file:///etc/passwd', origin)).toBe(false);
    expect(isAllowedRequestUrl(`${dir}../../secrets.json`, origin)).toBe(false);
    expect(isAllowedRequestUrl('https://cdn.example.com/x.js', origin)).toBe(false);
    expect(isAllowedRequestUrl('http://localhost:5173/src/main.tsx', origin)).toBe(false);
    const dev = rendererOrigin('/x/out/renderer/index.html', 'http://localhost:5173');
    expect(isAllowedRequestUrl('http://localhost:5173/src/main.tsx', dev)).toBe(true);
    expect(isAllowedRequestUrl('ws://localhost:5173/', dev)).toBe(true);
    expect(isAllowedRequestUrl('http://localhost:5174/', dev)).toBe(false);
  });
});
