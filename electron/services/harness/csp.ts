/**
 * The renderer's Content-Security-Policy: only its own bundled scripts and styles, no remote
 * content of any kind, no eval, no inline script. The browser harness adds the loopback WebSocket.
 */
const BASE = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "frame-src 'none'",
  "worker-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
];

/** For the Electron window (header); the renderer's `<meta>` tag must allow at least this. */
export const ELECTRON_CSP = [...BASE, "connect-src 'self'", "frame-ancestors 'none'"].join('; ');

/** For `renderer/index.html`'s `<meta http-equiv="Content-Security-Policy">` (meta cannot carry frame-ancestors). */
export const RENDERER_META_CSP = [...BASE, "connect-src 'self' ws://127.0.0.1:*"].join('; ');

/** For the browser harness (header): the page may talk only to its own origin's WebSocket. */
export function harnessCsp(port: number): string {
  return [...BASE, `connect-src 'self' ws://127.0.0.1:${port}`, "frame-ancestors 'none'"].join('; ');
}

/** Headers every harness response carries besides the CSP. */
export const HARDENING_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=(), hid=()',
  'Cache-Control': 'no-store',
};
