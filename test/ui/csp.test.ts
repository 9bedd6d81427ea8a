/** The renderer's page carries the station's strict CSP and nothing inline that it would have to allow. */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RENDERER_META_CSP } from '../../electron/services/harness/csp';

const root = join(__dirname, '..', '..', 'renderer');
const html = readFileSync(join(root, 'index.html'), 'utf8');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? sources(full) : /\.(tsx?|css)$/.test(name) ? [full] : [];
  });
}

describe('renderer page security', () => {
  it('declares exactly the station CSP in its meta tag', () => {
    const meta = html.match(/http-equiv="Content-Security-Policy"\s+content="([^"]+)"/);
    expect(meta?.[1]).toBe(RENDERER_META_CSP);
  });

  it('has no inline script or style in the page', () => {
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect(html).not.toMatch(/<style/);
    expect(html).not.toMatch(/\sstyle="/);
  });

  it('uses no inline style attributes, eval or remote URLs in the React code', () => {
    const offenders = sources(join(root, 'src')).filter((f) => {
      const text = readFileSync(f, 'utf8');
      return (
        /\sstyle=\{/.test(text) ||
        /\beval\(|new Function\(/.test(text) ||
        /https?:\/\/(?!api\.uclbrt\.com|openapi\.tuyacn\.com)[a-z0-9]/i.test(text.replace(/(^|\s)\/\/.*$/gm, '$1'))
      );
    });
    expect(offenders).toEqual([]);
  });
});
