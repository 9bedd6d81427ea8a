import { app, session, type Session, type WebContents } from 'electron';
import { ELECTRON_CSP } from '../services/harness/csp';
import { isAllowedRequestUrl, isOwnRendererUrl, type RendererOrigin } from './trust';

/**
 * The security baseline for every web contents the app creates: no navigation away from our page,
 * no new windows, no webviews, no permissions, no remote content, and the strict CSP on every response.
 */
export function hardenApp(origin: RendererOrigin): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isOwnRendererUrl(url, origin)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isOwnRendererUrl(url, origin)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    // Nothing opens a new window, inside the app or out of it.
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
}

export function hardenSession(origin: RendererOrigin, ses: Session = session.defaultSession): void {
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [ELECTRON_CSP] } });
  });
  // No remote content and no other local files: only the bundled renderer (and the dev server in development) load.
  ses.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !isAllowedRequestUrl(details.url, origin) }));
}
