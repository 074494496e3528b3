// The one place that finds the browsers and says how Chromium is started with the extension. Used
// by `npm start` (scripts/start.mjs), the end-to-end fixtures (e2e/fixtures.ts, e2e/cdp.ts), the
// benchmarks (bench/browser.mjs), the screenshots (scripts/screenshots.mjs), the Firefox suite
// (e2e-firefox/firefox.ts) and `npm run start:firefox`.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The unpacked Chrome build. WSL_DIST points elsewhere, so that two test runs on one machine do not
 * rebuild each other's extension mid-run.
 */
export const DIST = process.env.WSL_DIST ? resolve(process.env.WSL_DIST) : fileURLToPath(new URL('../dist', import.meta.url));

/** @param {NodeJS.Platform} platform */
const chromiumCandidates = (platform) =>
  ({
    linux: ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/snap/bin/chromium', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'],
    darwin: [
      '/Applications/Chromium.app/Contents/MacOS/Chromium',
      '/Applications/Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing',
      '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    ],
    win32: [
      join(process.env.LOCALAPPDATA ?? '', 'Chromium', 'Application', 'chrome.exe'),
      join(process.env.PROGRAMFILES ?? 'C:\\Program Files', 'Chromium', 'Application', 'chrome.exe'),
      join(process.env.PROGRAMFILES ?? 'C:\\Program Files', 'Google', 'Chrome', 'Application', 'chrome.exe'),
    ],
  })[/** @type {'linux' | 'darwin' | 'win32'} */ (platform)] ?? [];

/** @param {NodeJS.Platform} platform */
const firefoxCandidates = (platform) =>
  ({
    linux: ['/usr/bin/firefox-esr', '/usr/bin/firefox', '/snap/bin/firefox'],
    darwin: ['/Applications/Firefox.app/Contents/MacOS/firefox'],
    win32: [join(process.env.PROGRAMFILES ?? 'C:\\Program Files', 'Mozilla Firefox', 'firefox.exe')],
  })[/** @type {'linux' | 'darwin' | 'win32'} */ (platform)] ?? [];

export const CHROMIUM_HELP = [
  'No Chromium found. Install one, or point CHROME_PATH at a Chromium-based browser:',
  '  Debian/Ubuntu:  sudo apt-get install chromium        (Ubuntu: chromium-browser / snap install chromium)',
  '  macOS:          brew install --cask chromium',
  '  any OS:         npx @puppeteer/browsers install chrome@stable   (Chrome for Testing)',
  '  then:           CHROME_PATH=/path/to/chrome npm start',
  'Branded Google Chrome 137+ ignores --load-extension, so prefer Chromium or Chrome for Testing.',
].join('\n');

/**
 * The Chromium to run: CHROME_PATH when set (it must exist), else the first of the usual places.
 * @returns {string}
 */
export function findChromium() {
  const chosen = process.env.CHROME_PATH;
  if (chosen) {
    if (!existsSync(chosen)) throw new Error(`CHROME_PATH=${chosen} does not exist.`);
    return chosen;
  }
  const found = chromiumCandidates(process.platform).find((path) => existsSync(path));
  if (found === undefined) throw new Error(CHROMIUM_HELP);
  return found;
}

/**
 * The Firefox to run: FIREFOX_PATH when set (it must exist), else the first of the usual places
 * (Firefox ESR first), else null.
 * @returns {string | null}
 */
export function findFirefox() {
  const chosen = process.env.FIREFOX_PATH;
  if (chosen) {
    if (!existsSync(chosen)) throw new Error(`FIREFOX_PATH=${chosen} does not exist.`);
    return chosen;
  }
  return firefoxCandidates(process.platform).find((path) => existsSync(path)) ?? null;
}

/**
 * Branded Google Chrome (137+) ignores --load-extension; Chromium and Chrome for Testing do not.
 * @param {string} path
 */
export const isBrandedChrome = (path) => /google-chrome|Google Chrome(?! for Testing)/.test(path);

/**
 * @typedef {object} ChromiumOptions
 * @property {string | null} [extension] the unpacked extension to load (default: DIST; null: none)
 * @property {string} [profile] --user-data-dir (Playwright's persistent contexts set it themselves)
 * @property {boolean} [headless] add --headless=new (Playwright adds its own)
 * @property {boolean} [debuggingPort] --remote-debugging-port=0 (the port is then in the profile's DevToolsActivePort)
 * @property {boolean} [forPerson] a browser for a person (`npm start`): keeps the GPU, opens DevTools
 *   on each tab and asks branded Chrome to honour --load-extension
 * @property {string[]} [extra] appended as given
 */

/**
 * The one set of Chromium flags, for tests, benchmarks and `npm start` alike.
 * @param {ChromiumOptions} [options]
 * @returns {string[]}
 */
export function chromiumArgs({ extension = DIST, profile, headless = false, debuggingPort = false, forPerson = false, extra = [] } = {}) {
  return [
    ...(profile === undefined ? [] : [`--user-data-dir=${profile}`]),
    ...(extension === null ? [] : [`--disable-extensions-except=${extension}`, `--load-extension=${extension}`]),
    // Honoured by branded Chrome 137 for a while. Not in tests: Chromium keeps only the last
    // --disable-features, and Playwright passes its own.
    ...(forPerson && extension !== null ? ['--disable-features=DisableLoadExtensionCommandLineSwitch'] : []),
    '--no-first-run',
    '--no-default-browser-check',
    // Without these Chromium keeps trying to reach the network (closed here, and noise anyway).
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-quic',
    // Chromium refuses to start as root with its sandbox on.
    ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
    ...(forPerson ? ['--auto-open-devtools-for-tabs'] : ['--disable-gpu']),
    ...(headless ? ['--headless=new'] : []),
    ...(debuggingPort ? ['--remote-debugging-port=0'] : []),
    ...extra,
  ];
}

/**
 * The DevTools port of a Chromium started with `debuggingPort` on `profile`, once it has written it.
 * @param {string} profile
 * @param {number} [timeoutMs]
 * @returns {Promise<number>}
 */
export async function devToolsPort(profile, timeoutMs = 15_000) {
  const file = join(profile, 'DevToolsActivePort');
  const until = Date.now() + timeoutMs;
  for (;;) {
    // The file has two lines (port, then path) once it is completely written.
    const lines = existsSync(file) ? readFileSync(file, 'utf8').split('\n') : [];
    if (lines.length >= 2 && lines[0]?.trim()) return Number(lines[0].trim());
    if (Date.now() > until) throw new Error(`no DevToolsActivePort in ${profile}: did the browser start, with --remote-debugging-port=0?`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
