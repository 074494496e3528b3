/**
 * The Firefox manifest, derived from the one `manifest.json` (the Chrome manifest) so that the two
 * builds cannot drift apart. Used by vite.config.ts when BROWSER=firefox (`npm run build:firefox`).
 *
 * What differs, and why:
 * - `background`: Firefox MV3 runs an event page from `background.scripts` and refuses a manifest
 *   with only `service_worker`; Chrome uses `service_worker` and ignores `scripts`. The Firefox
 *   package keeps both (crxjs, with `browser: 'firefox'`, builds the scripts entry; vite.config.ts
 *   adds the service worker back beside it).
 * - `browser_specific_settings.gecko`: the add-on id (temporary installs and AMO need one),
 *   `strict_min_version` 128.0 (the first Firefox with MAIN-world content scripts, which the hook
 *   needs) and `data_collection_permissions` (the extension collects and sends nothing).
 * - `content_security_policy.extension_pages` is set to Chrome's MV3 default. Firefox's own MV3
 *   default adds `upgrade-insecure-requests`, which turns every `ws://` the test client (an
 *   extension page) opens into `wss://`, so a plain local server fails with 1015 (TLS handshake).
 * - `minimum_chrome_version` is dropped (a Chrome-only key), and so is the `debugger` permission
 *   (Chrome's `chrome.debugger`, for the worker-capture mode, which Firefox does not have), and
 *   `sandbox` with its CSP (Firefox MV3 has no sandboxed pages; the user's own decoders, which run
 *   in one, are Chrome-only).
 * Everything else (content scripts with `world: "MAIN"`, the devtools page, the popup) is the same.
 */

export const FIREFOX_ADDON_ID = 'websocket-lens@example.org';
const FIREFOX_MIN_VERSION = '128.0';
/** Chrome's MV3 default for extension pages, without Firefox's `upgrade-insecure-requests`. */
const EXTENSION_PAGES_CSP = "script-src 'self'; object-src 'self'";

type Json = Record<string, unknown>;

export interface ChromeManifestLike extends Json {
  background?: { service_worker?: string; type?: string } & Json;
}

export function firefoxManifest<M extends ChromeManifestLike>(chrome: M): Json {
  const copy = structuredClone(chrome) as ChromeManifestLike;
  delete copy.minimum_chrome_version;
  for (const key of ['permissions', 'optional_permissions'] as const) {
    const list = copy[key];
    if (Array.isArray(list)) {
      const kept = list.filter((p) => p !== 'debugger');
      if (kept.length > 0) copy[key] = kept;
      else delete copy[key];
    }
  }
  // Firefox has no sandboxed extension pages (the user's own decoders are Chrome-only).
  delete copy.sandbox;
  const worker = copy.background?.service_worker;
  if (worker !== undefined) {
    copy.background = { scripts: [worker], ...(copy.background?.type !== undefined ? { type: copy.background.type } : {}) };
  }
  copy.content_security_policy = { extension_pages: EXTENSION_PAGES_CSP };
  copy.browser_specific_settings = {
    gecko: {
      id: FIREFOX_ADDON_ID,
      strict_min_version: FIREFOX_MIN_VERSION,
      data_collection_permissions: { required: ['none'] },
    },
  };
  return copy;
}
