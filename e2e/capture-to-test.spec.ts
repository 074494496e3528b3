/**
 * Captures become tests: a page talks to a scripted server on 127.0.0.1 (e2e/conversation-server.ts:
 * text and binary both ways, every send depending on what the page received, a close 4001 with a
 * reason); the panel's "Copy as Playwright test" writes a file, which is then run by
 * `npx playwright test` in a child process against the same page, the WebSocket server stopped:
 * it passes; with one recorded sent payload changed it fails, naming the frame. "Copy as command
 * line" gives the exact websocat and wscat commands of a text-only socket, and says why it writes
 * none for the one that sent a binary frame.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { test } from './pages';
import { CHROME_PATH, expect, openPanel } from './fixtures';
import { connectionRow, paneTab, toolbarTool, type PanelRoot } from './panel';
import { startConversationServer } from './conversation-server';

const REPO = resolve(import.meta.dirname, '..');

/** Runs `npx playwright test` on `dir` (its own config: Debian's Chromium, headless, no extension); its exit code and output. */
function runPlaywright(dir: string, file: string): Promise<{ code: number | null; output: string }> {
  // The outer run's worker variables would make the child think it is a worker of this run.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(TEST_|PW_|PLAYWRIGHT_)/.test(k)));
  return new Promise((done, fail) => {
    const child = spawn('npx', ['playwright', 'test', '--config', join(dir, 'playwright.config.mjs'), file], {
      cwd: dir,
      env: { ...env, FORCE_COLOR: '0', NO_COLOR: '1', CI: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, output }));
  });
}

/** Opens a connection's "Copy as …" dialog from its Connection tab. */
async function copyAsDialog(panel: PanelRoot, path: string, button: 'Copy as Playwright test' | 'Copy as command line', title: string) {
  const row = connectionRow(panel, path).first();
  // A click on the selected row would unselect it.
  if ((await row.getAttribute('aria-selected')) !== 'true') await row.click();
  await expect(row).toHaveAttribute('aria-selected', 'true');
  await paneTab(panel, 'Connection');
  await panel.getByRole('region', { name: 'Connection details' }).getByRole('button', { name: button }).click();
  const dialog = panel.getByRole('dialog', { name: title });
  await expect(dialog).toBeVisible();
  return dialog;
}

test('Copy as Playwright test: the file runs with no server and passes; a changed sent payload fails it, named; Copy as command line', async ({ page, context, extensionId, tabIdOf, pages }) => {
  test.setTimeout(240_000);
  const server = await startConversationServer();
  let serverUp = true;
  const dir = await mkdtemp(join(REPO, 'test-results', 'generated-'));
  try {
    const url = pages.url('conversation.html', server.host);
    const name = 'Zoë "q" \'s\' `t` ${x}\n\u2028 😀';
    const seat = [...name].length;
    await page.goto(url);
    const pageLog = () => page.evaluate(() => (window as unknown as { __log: string[] }).__log);
    await expect.poll(pageLog).toContain('close 4001 bye Zoë');
    const conversation = [
      'text {"type":"welcome","session":"s-1"}',
      `text {"type":"joined","seat":${seat}}`,
      `binary ${seat},0,255,16`,
      `text ack 10${seat.toString(16).padStart(2, '0')}ff00`,
      `binary 0,255,${seat},16`,
      'close 4001 bye Zoë',
    ];
    expect(await pageLog()).toEqual(conversation);
    await expect.poll(() => server.received.filter((r) => r.path === '/notes').length).toBe(2);
    expect(server.received.filter((r) => r.path === '/conversation').map((r) => r.frame)).toEqual([
      `text ${JSON.stringify({ type: 'join', session: 's-1', name })}`,
      `binary 16,${seat},255,0`,
      `text bye ${seat}`,
    ]);

    const panel = await openPanel(context, extensionId, await tabIdOf(page));
    await expect(connectionRow(panel, '4001')).toHaveCount(1);
    const dialog = await copyAsDialog(panel, `${server.host}/conversation`, 'Copy as Playwright test', 'Playwright test of #1');
    const code = await dialog.getByRole('textbox', { name: 'Playwright test' }).inputValue();
    expect(code.split('\n').slice(0, 2)).toEqual([
      '// Playwright test written by WebSocket Lens from connection #1.',
      '// Recorded: 3 frames sent by the page, 5 frames received, closed 4001 by the server.',
    ]);
    expect(code).toContain(`const PAGE_URL = ${JSON.stringify(url)};`);
    expect(code).toContain(`const SOCKET_URL = "ws://${server.host}/conversation";`);
    expect(code).toContain(`sent: { text: "bye ${seat}" },`);
    expect(code).toContain('close: { code: 4001, reason: "bye Zoë" },');
    expect(code).not.toContain('\u2028');
    await expect(dialog.getByRole('list', { name: 'Notes' })).toHaveCount(0);
    // Chromium grants no clipboard permission to extension origins from a test: catch what is written.
    await panel.evaluate(() => {
      navigator.clipboard.writeText = async (text: string) => void ((window as unknown as { __copied: string }).__copied = text);
    });
    await dialog.getByRole('button', { name: 'Copy', exact: true }).click();
    await expect(dialog.getByRole('status', { name: 'Copy status' })).toHaveText('Copied the Playwright test.');
    expect(await panel.evaluate(() => (window as unknown as { __copied: string }).__copied)).toBe(code);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(dialog).toHaveCount(0);

    // The text-only socket, still open: the test says so; the commands are exact.
    const open = await copyAsDialog(panel, `${server.host}/notes`, 'Copy as Playwright test', 'Playwright test of #2');
    await expect(open.getByRole('list', { name: 'Notes' })).toHaveText('#2 was still open when copied: the test plays the frames recorded so far and does not close the socket.');
    await open.getByRole('button', { name: 'Close' }).click();
    const cmd = await copyAsDialog(panel, `${server.host}/notes`, 'Copy as command line', 'Command line for #2');
    await expect(cmd.getByRole('textbox', { name: 'websocat command' })).toHaveValue(
      `printf '%s\\n' 'ping 1' 'it'\\''s "quoted" $HOME' | websocat --protocol 'notes.v1' 'ws://${server.host}/notes'`,
    );
    await cmd.getByRole('radio', { name: 'wscat' }).check();
    await expect(cmd.getByRole('textbox', { name: 'wscat command' })).toHaveValue(
      `wscat --connect 'ws://${server.host}/notes' --subprotocol 'notes.v1' --execute='ping 1' --execute='it'\\''s "quoted" $HOME'`,
    );
    await cmd.getByRole('button', { name: 'Copy', exact: true }).click();
    await expect(cmd.getByRole('status', { name: 'Copy status' })).toHaveText('Copied the wscat command.');
    await cmd.getByRole('button', { name: 'Close' }).click();
    // The conversation sent a binary frame: no command, and why.
    const refused = await copyAsDialog(panel, `${server.host}/conversation`, 'Copy as command line', 'Command line for #1');
    await expect(refused.getByRole('alert')).toHaveText(
      '#1 sent 1 binary frame: websocat cannot send binary frames from a command line, so no command is written (Copy as Playwright test writes binary frames).',
    );
    await expect(refused.getByRole('button', { name: 'Copy', exact: true })).toBeDisabled();
    await refused.getByRole('button', { name: 'Close' }).click();

    // The same connection exported as a log and imported (read-only): the same test.
    await (await toolbarTool(panel, 'Export')).click();
    const [download] = await Promise.all([
      panel.waitForEvent('download'),
      panel.getByRole('menu', { name: 'Export' }).getByRole('menuitem', { name: 'All connections as JSON' }).click(),
    ]);
    const logFile = join(dir, download.suggestedFilename());
    await download.saveAs(logFile);
    await panel.getByLabel('Import log').setInputFiles(logFile);
    await expect(panel.getByRole('region', { name: 'Imported log' })).toContainText('read-only · 2 connections, 12 frames');
    const imported = await copyAsDialog(panel, `${server.host}/conversation`, 'Copy as Playwright test', 'Playwright test of #1');
    await expect(imported.getByRole('textbox', { name: 'Playwright test' })).toHaveValue(code);
    await imported.getByRole('button', { name: 'Close' }).click();

    // The WebSocket server goes; the page server stays. The generated file, as it is, passes.
    await server.close();
    serverUp = false;
    await writeFile(
      join(dir, 'playwright.config.mjs'),
      `export default { testDir: '.', outputDir: './results', reporter: 'list', workers: 1, use: { browserName: 'chromium', headless: true, launchOptions: { executablePath: ${JSON.stringify(CHROME_PATH)} } } };\n`,
    );
    await writeFile(join(dir, 'recorded.spec.ts'), code);
    const pass = await runPlaywright(dir, 'recorded.spec.ts');
    await test.info().attach('the generated test, run', { body: pass.output, contentType: 'text/plain' });
    expect(pass.code, pass.output).toBe(0);
    expect(pass.output).toContain('1 passed');

    // One recorded sent payload changed: it fails, naming the frame, the expected and the actual.
    const changed = code.replace(`sent: { text: "bye ${seat}" },`, `sent: { text: "bye ${seat + 1}" },`);
    expect(changed).not.toBe(code);
    await writeFile(join(dir, 'changed.spec.ts'), changed);
    const fail = await runPlaywright(dir, 'changed.spec.ts');
    await test.info().attach('the changed test, run', { body: fail.output, contentType: 'text/plain' });
    expect(fail.code, fail.output).not.toBe(0);
    expect(fail.output).toContain('1 failed');
    expect(fail.output).toContain('frame 3 the page sent differs from the recording');
    expect(fail.output).toContain(`Expected: "text \\"bye ${seat + 1}\\""`);
    expect(fail.output).toContain(`Received: "text \\"bye ${seat}\\""`);
  } finally {
    if (serverUp) await server.close();
    await rm(dir, { recursive: true, force: true });
  }
});
