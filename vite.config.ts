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
      // Opened only through devtools.panels.create / a tab, so not reachable from the manifest.
      input: { panel: 'src/panel/panel.html' },
    },
  },
  server: { port: 5173, strictPort: true },
});
