/**
 * A minimal Chrome DevTools Protocol client over the browser's debugging WebSocket, for what
 * Playwright does not reach: DevTools windows themselves (Playwright does not list them as pages)
 * and the extension panel's frame inside them; and a browser Playwright does not instrument.
 */
import WebSocket from 'ws';
import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumArgs, devToolsPort } from '../scripts/browsers.mjs';
import { CHROME_PATH, removeProfile } from './fixtures';

interface Pending {
  resolve(v: unknown): void;
  reject(e: Error): void;
}

export interface TargetInfo {
  targetId: string;
  type: string;
  url: string;
}

export class Cdp {
  private id = 0;
  private readonly pending = new Map<number, Pending>();

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (raw) => {
      const msg = JSON.parse(String(raw)) as { id?: number; result?: unknown; error?: { message: string } };
      const p = msg.id === undefined ? undefined : this.pending.get(msg.id);
      if (p === undefined || msg.id === undefined) return;
      this.pending.delete(msg.id);
      if (msg.error) p.reject(new Error(msg.error.message));
      else p.resolve(msg.result);
    });
  }

  /** Connects to the browser of a profile started with --remote-debugging-port=0. */
  static async forProfile(profile: string, timeoutMs = 15_000): Promise<Cdp> {
    const port = await devToolsPort(profile, timeoutMs);
    const version = (await (await fetch(`http://127.0.0.1:${port}/json/version`)).json()) as { webSocketDebuggerUrl: string };
    const ws = new WebSocket(version.webSocketDebuggerUrl);
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    return new Cdp(ws);
  }

  send<T = unknown>(method: string, params: object = {}, sessionId?: string): Promise<T> {
    const id = ++this.id;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.ws.send(JSON.stringify({ id, method, params, sessionId }));
    });
  }

  async targets(): Promise<TargetInfo[]> {
    return (await this.send<{ targetInfos: TargetInfo[] }>('Target.getTargets')).targetInfos;
  }

  async attach(targetId: string): Promise<string> {
    return (await this.send<{ sessionId: string }>('Target.attachToTarget', { targetId, flatten: true })).sessionId;
  }

  /** Evaluates an expression in a session and returns its value (JSON-serialisable). */
  async evaluate<T>(sessionId: string, expression: string): Promise<T> {
    const r = await this.send<{ result: { value: T }; exceptionDetails?: { text: string; exception?: { description?: string } } }>(
      'Runtime.evaluate',
      { expression, returnByValue: true, awaitPromise: true },
      sessionId,
    );
    if (r.exceptionDetails) throw new Error(`evaluate failed: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`);
    return r.result.value;
  }

  /** Presses a key with Control held (e.g. '[' to select the panel to the left in DevTools). */
  async pressControl(sessionId: string, key: string, code: string, keyCode: number): Promise<void> {
    for (const type of ['keyDown', 'keyUp'])
      await this.send('Input.dispatchKeyEvent', { type, modifiers: 2, key, code, windowsVirtualKeyCode: keyCode }, sessionId);
  }

  /**
   * Finds the DevTools window, selects the extension's "WebSocket" panel with Ctrl+[ (its tab sits
   * in the » overflow, a native menu outside the DOM; DevTools creates the panel's frame the first
   * time the panel is shown) and returns a session in the panel's frame.
   */
  async openWebSocketPanel(timeoutMs = 30_000): Promise<string> {
    const until = Date.now() + timeoutMs;
    let devtools: string | undefined;
    while ((devtools = (await this.targets()).find((t) => t.url.startsWith('devtools://'))?.targetId) === undefined) {
      if (Date.now() > until) throw new Error('no DevTools window appeared (--auto-open-devtools-for-tabs?)');
      await new Promise((r) => setTimeout(r, 250));
    }
    const devtoolsSession = await this.attach(devtools);
    for (;;) {
      const panel = (await this.targets()).find((t) => t.type === 'iframe' && t.url.includes('/src/panel/panel.html'));
      if (panel !== undefined) return this.attach(panel.targetId);
      if (Date.now() > until) throw new Error('the WebSocket panel did not show up in DevTools');
      await this.pressControl(devtoolsSession, '[', 'BracketLeft', 219);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  close(): void {
    this.ws.close();
  }
}

/**
 * Chromium with the extension, started directly and driven over raw CDP only: no Playwright.
 * Playwright enables the DevTools Network domain on every page it knows, which turns each
 * WebSocket frame into a DevTools event sent to the test process: 100,000 one-byte frames took
 * 14.6 s to reach a page that way even without the extension (2 loaded cores), too slow for a
 * million. Here only the domains a test enables itself are on.
 */
export async function launchUninstrumented(): Promise<{ cdp: Cdp; close: () => Promise<void> }> {
  const profile = await mkdtemp(join(tmpdir(), 'wslens-raw-'));
  const proc = spawn(
    CHROME_PATH,
    chromiumArgs({
      profile,
      headless: process.env.WSL_HEADED !== '1',
      debuggingPort: true,
      extra: [
        // As Playwright has them: a tab in the background (the page, while the panel is in front)
        // keeps its timers and its renderer's priority.
        '--disable-background-timer-throttling',
        '--disable-renderer-backgrounding',
        '--disable-backgrounding-occluded-windows',
        'about:blank',
      ],
    }),
    { stdio: 'ignore' },
  );
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  let cdp: Cdp;
  try {
    cdp = await Cdp.forProfile(profile);
  } catch (error) {
    proc.kill();
    await exited;
    await removeProfile(profile);
    throw error;
  }
  return {
    cdp,
    close: async () => {
      cdp.close();
      proc.kill();
      await exited;
      await removeProfile(profile);
    },
  };
}
