/**
 * The Electron shell: security baseline, one window, the contract's handlers, the Station.
 * Everything else lives in electron/services (plain Node, tested without Electron).
 */
import { join } from 'node:path';
import { app, dialog, ipcMain } from 'electron';
import { stationDispatcher } from '../services/ipc/handlers';
import {
  ensureWritableDataDir,
  loadStationConfig,
  resolveConfigPath,
  resolveDataDir,
  SAVED_CONFIG_FILE,
  withoutSecrets,
} from '../services/config';
import { createFileLogger, redactingSecretStore } from '../services/logging';
import { EnvFileSecretStore } from '../services/secrets/env-file-secret-store';
import { layeredSecretStore } from '../services/secrets/encrypted-file-secret-store';
import { SECRET_KEYS } from '../services/secrets/secret-store';
import { createStation, type Station } from '../services/station';
import { startupFailureText } from '../services/startup-failure';
import { forwardStationEvents, registerStationIpc } from './ipc';
import { SafeStorageSecretStore, safeStorageBackend } from './safe-storage-secret-store';
import { hardenApp, hardenSession } from './security';
import { isTrustedSender, rendererOrigin } from './trust';
import { createMainWindow, outPath } from './window';

const isDev = !app.isPackaged && process.env.NODE_ENV !== 'production';
const devServerUrl = isDev ? process.env.ELECTRON_RENDERER_URL : undefined;
const indexHtmlPath = outPath('renderer', 'index.html');
const origin = rendererOrigin(indexHtmlPath, devServerUrl);

function configFlag(argv: string[]): string | undefined {
  const i = argv.findIndex((a) => a === '--config' || a.startsWith('--config='));
  if (i < 0) return undefined;
  return argv[i].includes('=') ? argv[i].slice(argv[i].indexOf('=') + 1) : argv[i + 1];
}

async function startStation(): Promise<Station> {
  const configPath = resolveConfigPath(configFlag(process.argv), process.env);
  const { config } = loadStationConfig(configPath);
  const dataDir = resolveDataDir(config, configPath, process.env);
  ensureWritableDataDir(dataDir);
  const log = createFileLogger({ file: join(dataDir, 'logs', 'station.log'), level: isDev ? 'debug' : 'info' });
  if (safeStorageBackend() === 'basic_text')
    log.warn('no OS key ring: secrets are stored with a fixed key; install gnome-keyring or kwallet');
  const secrets = redactingSecretStore(
    layeredSecretStore(new SafeStorageSecretStore(dataDir), new EnvFileSecretStore(configPath, process.env)),
    log.redactor,
  );
  for (const key of SECRET_KEYS) await secrets.get(key).catch(() => undefined);
  log.info('station starting', { configPath: configPath ?? '(demo defaults)', dataDir, mode: config.mode });
  return createStation(withoutSecrets(config), {
    secrets,
    log,
    dataDir,
    configPath: configPath ?? join(dataDir, SAVED_CONFIG_FILE),
    redactor: log.redactor,
  });
}

async function main(): Promise<void> {
  if (!app.requestSingleInstanceLock()) return app.quit();
  app.enableSandbox();
  hardenApp(origin);
  await app.whenReady();
  hardenSession(origin);

  let station: Station;
  try {
    station = await startStation();
  } catch (err) {
    // A config error, a database that cannot be opened, a native module that does not load: the
    // box names the problem and what to do (which module, which command), in both languages.
    dialog.showErrorBox('Card Station cannot start / Card Station 无法启动', startupFailureText(err));
    return app.exit(2);
  }

  // The PMS listeners (when configured); one that cannot start shows in the PMS status, not as a crash.
  void station.pms.start();

  const win = createMainWindow({
    preloadPath: outPath('preload', 'index.js'),
    indexHtmlPath,
    origin,
    isDev,
    iconPath: app.isPackaged ? join(process.resourcesPath, 'icon.png') : join(__dirname, '..', '..', 'resources', 'icon.png'),
  });
  // The window's session: who is signed in on it, locked or not. It ends with the window.
  const connection = station.staff.connect('window');
  const unregister = registerStationIpc(
    ipcMain,
    stationDispatcher(station),
    (event) => !win.isDestroyed() && isTrustedSender(event.senderFrame, win.webContents.mainFrame, origin),
    connection,
  );
  const stopForwarding = forwardStationEvents(station, connection, win.webContents);

  app.on('second-instance', () => {
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  app.on('window-all-closed', () => {
    stopForwarding();
    unregister();
    connection.close();
    void station.close().finally(() => app.quit());
  });
}

void main();
