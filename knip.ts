// knip: finds unused files, exports and dependencies (`npm run knip`, part of `npm test`).
// The extension's entry points are read from where they are declared, manifest.json and the HTML
// pages it names, so that a renamed entry (say, the hook's) needs no change here. The pages that
// only vite.config.ts lists (panel, viewer) are found by knip's Vite plugin.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { KnipConfig } from 'knip';

const manifest = JSON.parse(readFileSync('manifest.json', 'utf8')) as {
  background: { service_worker: string };
  content_scripts: Array<{ js: string[] }>;
  devtools_page: string;
  action: { default_popup: string };
  sandbox: { pages: string[] };
};

/** The scripts of an HTML page (`<script src="./x.ts">`), as paths from the repo root. */
const scriptsOf = (page: string): string[] =>
  [...readFileSync(page, 'utf8').matchAll(/<script[^>]*\ssrc="\.\/([^"]+)"/g)].map((m) => join(dirname(page), m[1]!));

const config: KnipConfig = {
  workspaces: {
    '.': {
      entry: [
        manifest.background.service_worker,
        ...manifest.content_scripts.flatMap((c) => c.js),
        ...scriptsOf(manifest.devtools_page),
        ...scriptsOf(manifest.action.default_popup),
        ...manifest.sandbox.pages.flatMap(scriptsOf),
        // Node entry points: the npm scripts' files are found from package.json; these are run
        // directly (node bench/x.mjs, node scripts/x.mjs).
        'scripts/*.mjs',
        'bench/*.mjs',
      ],
      project: ['src/**/*.{ts,tsx}', 'e2e/**/*.{ts,mjs}', 'e2e-firefox/**/*.ts', 'scripts/**/*.{mjs,ts}', 'bench/**/*.mjs', 'demo/*.mjs', '*.ts'],
      ignoreDependencies: [
        // Not imported by our code: mqtt-packet require()s 'buffer', which the panel's bundle
        // resolves to this package (the browser has no Node Buffer).
        'buffer',
        // The formatter (.prettierrc.json), run from editors and by hand.
        'prettier',
      ],
    },
    'scripts/lint': {
      // Listed only so that npm nests it beside typescript@6 (see scripts/lint/package.json).
      ignoreDependencies: ['ts-api-utils'],
    },
  },
  // An exported type that its own module uses names part of that module's vocabulary (the
  // protocol's record kinds, a format's shapes): kept. Exported values are reported.
  ignoreExportsUsedInFile: { interface: true, type: true },
  // PROTOCOL_VERSION is about to be carried in the relay's hello and checked by the panel; drop
  // this line when it is.
  ignoreIssues: { 'src/core/protocol.ts': ['exports'] },
};

export default config;
