import { join } from 'node:path';
import { BrowserWindow } from 'electron';
import type { RendererOrigin } from './trust';

export interface WindowOptions {
  preloadPath: string;
  indexHtmlPath: string;
  origin: RendererOrigin;
  isDev: boolean;
  iconPath?: string;
}

export function createMainWindow(o: WindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Card Station',
    ...(o.iconPath ? { icon: o.iconPath } : {}),
    autoHideMenuBar: true,
    webPreferences: {
      preload: o.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools: o.isDev,
      // Middle-click would otherwise open links in a new window.
      disableBlinkFeatures: 'Auxclick',
    },
  });
  win.once('ready-to-show', () => win.show());
  if (o.isDev && o.origin.devServerUrl) void win.loadURL(o.origin.devServerUrl);
  else void win.loadFile(o.indexHtmlPath);
  return win;
}

export const outPath = (...parts: string[]): string => join(__dirname, '..', ...parts);
