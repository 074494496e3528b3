import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';
import { crx, type ManifestV3Export } from '@crxjs/vite-plugin';
import manifest from './manifest.json' with { type: 'json' };

// Both content scripts are built as standalone IIFEs: crxjs's default loader import()s the real
// chunk, which would run after the page's first inline scripts and miss their sockets (RECIPE.md).
// The relay must be synchronous too, so that the hook ⇄ relay handshake happens at document_start.
export default defineConfig({
  plugins: [
    preact(),
    crx({
      manifest: manifest as ManifestV3Export,
      contentScripts: { standaloneFiles: ['src/hook/hook.ts', 'src/relay/main.ts'] },
    }),
  ],
  build: {
    target: 'es2022',
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
