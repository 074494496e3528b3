import { describe, expect, it } from 'vitest';
import manifest from '../../manifest.json' with { type: 'json' };
import { FIREFOX_ADDON_ID, firefoxManifest } from './firefox-manifest';

describe('firefoxManifest', () => {
  const ff = firefoxManifest(manifest) as Record<string, unknown> & typeof manifest;

  it('runs the background as Firefox scripts (crxjs adds the service worker back beside them)', () => {
    expect(ff.background).toEqual({ scripts: ['src/background/main.ts'], type: 'module' });
  });

  it('names the add-on, requires Firefox 128 (MAIN-world content scripts) and declares no data collection', () => {
    expect(ff.browser_specific_settings).toEqual({
      gecko: { id: FIREFOX_ADDON_ID, strict_min_version: '128.0', data_collection_permissions: { required: ['none'] } },
    });
  });

  it("sets Chrome's CSP for extension pages, so that the test client's ws:// is not upgraded to wss://", () => {
    expect(ff.content_security_policy).toEqual({ extension_pages: "script-src 'self'; object-src 'self'" });
    expect(String((ff.content_security_policy as unknown as { extension_pages: string }).extension_pages)).not.toContain('upgrade-insecure-requests');
  });

  it('drops the Chrome-only keys and the debugger permission, and keeps everything else as in manifest.json', () => {
    expect('minimum_chrome_version' in ff).toBe(false);
    expect('sandbox' in ff).toBe(false);
    expect(manifest.optional_permissions).toContain('debugger');
    expect('optional_permissions' in ff).toBe(false);
    expect(ff.permissions).toEqual(manifest.permissions);
    const { background: _b, browser_specific_settings: _s, content_security_policy: _c, ...rest } = ff;
    const { background: _cb, minimum_chrome_version: _m, optional_permissions: _o, sandbox: _sb, content_security_policy: _cc, ...chromeRest } = manifest;
    expect(rest).toEqual(chromeRest);
    expect(ff.content_scripts.map((c) => c.world)).toEqual(['ISOLATED', 'MAIN']);
  });

  it('leaves manifest.json itself alone', () => {
    expect(manifest.background).toEqual({ service_worker: 'src/background/main.ts', type: 'module' });
    expect(manifest.minimum_chrome_version).toBe('111');
  });
});
