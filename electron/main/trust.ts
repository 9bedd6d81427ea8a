/**
 * Which renderer frames the station trusts: only our window's main frame showing our own page
 * (the bundled index.html, or the dev server in development). Pure, so it is tested under Node.
 */
import { pathToFileURL } from 'node:url';

export interface RendererOrigin {
  /** file:// URL of the bundled renderer's index.html. */
  indexFileUrl: string;
  /** The electron-vite dev server (development only). */
  devServerUrl?: string;
}

export function rendererOrigin(indexHtmlPath: string, devServerUrl?: string): RendererOrigin {
  return { indexFileUrl: pathToFileURL(indexHtmlPath).href, ...(devServerUrl ? { devServerUrl } : {}) };
}

/** True for our own page (any hash/query), false for anything else, including other file:// pages. */
export function isOwnRendererUrl(url: string | undefined, origin: RendererOrigin): boolean {
  if (!url) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === 'file:') {
    const own = new URL(origin.indexFileUrl);
    return parsed.pathname === own.pathname && parsed.host === own.host;
  }
  if (origin.devServerUrl) {
    return parsed.origin === new URL(origin.devServerUrl).origin;
  }
  return false;
}

export interface FrameLike {
  url: string;
  processId?: number;
  routingId?: number;
}

function sameFrame(a: FrameLike, b: FrameLike): boolean {
  if (a === b) return true;
  return a.processId !== undefined && a.routingId !== undefined && a.processId === b.processId && a.routingId === b.routingId;
}

/** The IPC sender check: the message must come from our window's main frame, showing our page. */
export function isTrustedSender(
  senderFrame: FrameLike | null | undefined,
  mainFrame: FrameLike | null | undefined,
  origin: RendererOrigin,
): boolean {
  if (!senderFrame || !mainFrame || !sameFrame(senderFrame, mainFrame)) return false;
  return isOwnRendererUrl(senderFrame.url, origin);
}

/** What the window may load at all: the bundled renderer's own files (and the dev server in development); nothing remote. */
export function isAllowedRequestUrl(url: string, origin: RendererOrigin): boolean {
  const rendererDirUrl = origin.indexFileUrl.slice(0, origin.indexFileUrl.lastIndexOf('/') + 1);
  if (url.startsWith(rendererDirUrl) && !/(^|\/)\.\.(\/|$)/.test(url.slice(rendererDirUrl.length))) return true;
  if (url.startsWith('devtools://') || url.startsWith('data:')) return true;
  if (origin.devServerUrl) {
    const dev = new URL(origin.devServerUrl);
    try {
      const u = new URL(url);
      return u.host === dev.host && (u.protocol === dev.protocol || u.protocol === 'ws:');
    } catch {
      return false;
    }
  }
  return false;
}
