import { fileURLToPath } from 'node:url';
import { defineConfig, minifySync, type Plugin } from 'vite';
import preact from '@preact/preset-vite';
import { crx, type ManifestV3Export } from '@crxjs/vite-plugin';
import manifest from './manifest.json' with { type: 'json' };
// With their extensions: Vite's coming native config loader (Node's own import) needs them.
import { firefoxManifest } from './src/platform/firefox-manifest.ts';
import { HOOK_PRIVATE_NAMES } from './src/hook/private-names.ts';

// `npm run build` builds the Chrome package into dist/ from manifest.json as it is;
// `npm run build:firefox` (BROWSER=firefox) builds the Firefox package into dist-firefox/ from a
// manifest derived from the same file (src/platform/firefox-manifest.ts).
const firefox = process.env.BROWSER === 'firefox';

/**
 * crxjs builds each standalone content script in Vite's library mode, which sets rolldown's
 * `codeSplitting: false` for an IIFE, and also passes `inlineDynamicImports: true`; rolldown then
 * warns that the latter is ignored. Both ask for the one file we want, so the warning is noise:
 * drop exactly that line, nothing else (rolldown prints it on stderr, outside Vite's logger).
 */
const IGNORED_OPTION_WARNING = /^\s*WARN\s+`?inlineDynamicImports`? option is ignored because `?codeSplitting: false`? is set\.\s*$/;
const stderrWrite = process.stderr.write.bind(process.stderr) as (chunk: string | Uint8Array, ...rest: unknown[]) => boolean;
// (ANSI colours, when stderr is a terminal, are stripped before matching.)
// eslint-disable-next-line no-control-regex -- \x1b starts an ANSI colour sequence.
const plain = (chunk: string | Uint8Array) => String(chunk).replace(/\x1b\[[0-9;]*m/g, '');
process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) =>
  IGNORED_OPTION_WARNING.test(plain(chunk)) ? true : stderrWrite(chunk, ...rest)) as typeof process.stderr.write;

/**
 * crxjs, building for Firefox, writes `background: {scripts, type}`. Put the service worker back
 * beside the scripts (the same loader file): Firefox runs the scripts as an event page, Chrome the
 * service worker, and Firefox MV3 refuses `service_worker` alone.
 */
const serviceWorkerAlongside: Plugin & { renderCrxManifest(m: ManifestV3Export & Record<string, unknown>): unknown } = {
  name: 'wslens:firefox-service-worker-alongside',
  enforce: 'post',
  renderCrxManifest(m) {
    const bg = (m as { background?: { scripts?: string[]; type?: string } }).background;
    if (bg?.scripts?.length === 1) (m as Record<string, unknown>).background = { ...bg, service_worker: bg.scripts[0] };
    return m;
  },
};

/**
 * The hook runs in every frame of every page, so its IIFE stays small: after crxjs has built it,
 * the names of the hook's own properties (src/hook/private-names.ts) are shortened like local names.
 */
const HOOK_FILE = 'src/hook/hook.js';
const shortenHookNames: Plugin = {
  name: 'wslens:shorten-hook-names',
  enforce: 'post',
  apply: 'build',
  generateBundle(_options, bundle) {
    const hook = bundle[HOOK_FILE];
    if (hook === undefined || hook.type !== 'asset') return;
    const include = new RegExp(`^(?:${HOOK_PRIVATE_NAMES.join('|')})$`);
    const out = minifySync(HOOK_FILE, String(hook.source), { compress: true, mangle: true, mangleProps: { include } });
    if (out.errors.length > 0) throw new Error(`${HOOK_FILE}: ${out.errors.map((e) => e.message).join('; ')}`);
    hook.source = out.code;
  },
};

// Both content scripts are built as standalone IIFEs: crxjs's default loader import()s the real
// chunk, which would run after the page's first inline scripts and miss their sockets.
// The relay must be synchronous too, so that the hook ⇄ relay handshake happens at document_start.
export default defineConfig({
  plugins: [
    preact(),
    crx({
      manifest: (firefox ? firefoxManifest(manifest) : manifest) as ManifestV3Export,
      ...(firefox ? { browser: 'firefox' as const } : {}),
      contentScripts: { standaloneFiles: ['src/hook/hook.ts', 'src/relay/main.ts'] },
    }),
    ...(firefox ? [serviceWorkerAlongside] : []),
    shortenHookNames,
  ],
  resolve: {
    // mqtt-packet (the MQTT decoder) only uses bl's BufferList; bl's main module pulls in Node
    // streams (readable-stream) for its Duplex, which the panel never uses.
    alias: [
      { find: 'bl', replacement: 'bl/BufferList.js' },
      // protobufjs (only its .proto parser is used) without its code generator: src/core/protobuf/no-codegen.ts.
      { find: /^\.\/util\/codegen$/, replacement: fileURLToPath(new URL('./src/core/protobuf/no-codegen.ts', import.meta.url)) },
    ],
  },
  build: {
    target: 'es2022',
    ...(firefox ? { outDir: 'dist-firefox' } : {}),
    emptyOutDir: true,
    sourcemap: false,
    rollupOptions: {
      // Pages not reachable from the manifest: the panel (devtools.panels.create, or a tab) and
      // the log viewer (opened from the test client).
      input: { panel: 'src/panel/panel.html', viewer: 'src/viewer/viewer.html' },
    },
  },
  server: { port: 5173, strictPort: true },
});
