// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { JsonTree, tryParseJson } from './JsonTree';

afterEach(cleanup);

function parse(text: string) {
  const r = tryParseJson(text);
  if (r === null || !r.ok) throw new Error(`not JSON: ${text}`);
  return r.value;
}

/** The visible lines of the tree, one per row, as text. */
function lines(container: Element): string[] {
  return [...container.querySelectorAll('.j-row')].map((r) => (r.textContent ?? '').replace(/[▾▸]/g, '').trim());
}

describe('JsonTree', () => {
  it('renders a nested object, the first two levels open', () => {
    const { container } = render(<JsonTree value={parse('{"a":{"b":{"c":1}},"list":[true,null,"s"],"n":-1.5e3}')} />);
    expect(lines(container)).toEqual([
      '{3 keys}',
      '"a": {1 key}',
      '"b": {1 key}', // depth 2: collapsed
      '"list": Array(3)',
      'true',
      'null',
      '"s"',
      '"n": -1500',
    ]);
    expect(screen.getByRole('tree', { name: 'JSON tree' })).toBeTruthy();
  });

  it('expands and collapses on click', () => {
    const { container } = render(<JsonTree value={parse('{"a":{"b":{"c":{"d":1}}}}')} />);
    expect(container.textContent).not.toContain('"c"');
    const expandB = screen.getByRole('button', { name: 'Expand b' });
    expect(expandB.closest('[role=treeitem]')!.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(expandB);
    expect(lines(container)).toEqual(['{1 key}', '"a": {1 key}', '"b": {1 key}', '"c": {1 key}']);
    expect(screen.getByRole('button', { name: 'Collapse b' }).closest('[role=treeitem]')!.getAttribute('aria-expanded')).toBe('true');
    fireEvent.click(screen.getByRole('button', { name: 'Expand c' }));
    expect(lines(container)).toContain('"d": 1');
    fireEvent.click(screen.getByRole('button', { name: 'Collapse root' }));
    expect(lines(container)).toEqual(['{1 key}']);
    // Collapsed children are unmounted (they cost nothing): re-opening starts from the defaults.
    fireEvent.click(screen.getByRole('button', { name: 'Expand root' }));
    expect(lines(container)).toEqual(['{1 key}', '"a": {1 key}', '"b": {1 key}']);
  });

  it('renders strings as text only: markup in values and keys is shown literally', () => {
    const payload = '{"x":"<img src=x onerror=alert(1)>","<b>k</b>":"<script>alert(2)</script>"}';
    const { container } = render(<JsonTree value={parse(payload)} />);
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('script')).toBeNull();
    expect(container.querySelector('b')).toBeNull();
    expect(lines(container)).toEqual(['{2 keys}', '"x": "<img src=x onerror=alert(1)>"', '"<b>k</b>": "<script>alert(2)</script>"']);
  });

  it('shows a "__proto__" key as an ordinary key, without polluting prototypes', () => {
    const value = parse('{"__proto__":{"polluted":true},"constructor":1}');
    const { container } = render(<JsonTree value={value} />);
    expect(lines(container)).toEqual(['{2 keys}', '"__proto__": {1 key}', '"polluted": true', '"constructor": 1']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('escapes control characters and quotes like JSON', () => {
    const { container } = render(<JsonTree value={{ 'a"b': 'line\nbreak\t"q"' }} />);
    expect(lines(container)[1]).toBe('"a\\"b": "line\\nbreak\\t\\"q\\""');
  });

  it('primitives at the root', () => {
    for (const [v, text] of [
      [42, '42'],
      ['s', '"s"'],
      [null, 'null'],
      [false, 'false'],
    ] as const) {
      const { container, unmount } = render(<JsonTree value={v} />);
      expect(lines(container)).toEqual([text]);
      unmount();
    }
  });

  it('empty containers', () => {
    const { container } = render(<JsonTree value={{ o: {}, a: [] }} />);
    expect(lines(container)).toEqual(['{2 keys}', '"o": {0 keys}', '"a": Array(0)']);
  });

  it('long arrays show 200 children at a time', () => {
    const { container } = render(<JsonTree value={Array.from({ length: 450 }, (_, i) => i)} />);
    expect(lines(container).length).toBe(1 + 200);
    fireEvent.click(screen.getByRole('button', { name: 'Show 200 more of 250 remaining' }));
    expect(lines(container).length).toBe(1 + 400);
    fireEvent.click(screen.getByRole('button', { name: 'Show 50 more of 50 remaining' }));
    expect(lines(container).length).toBe(1 + 450);
    expect(lines(container).at(-1)).toBe('449');
    expect(screen.queryByRole('button', { name: /^Show/ })).toBeNull();
  });

  it('a 10,000-deep document renders only its open levels', () => {
    let deep: unknown = 0;
    for (let i = 0; i < 10_000; i++) deep = [deep];
    const { container } = render(<JsonTree value={deep as never} />);
    expect(container.querySelectorAll('[role=treeitem]').length).toBe(3);
  });
});

describe('tryParseJson', () => {
  it('null for text that does not look like an object or array', () => {
    for (const t of ['', 'hello', '42', '"str"', 'true', 'null']) expect(tryParseJson(t), t).toBeNull();
  });

  it('parses objects and arrays, leading whitespace allowed', () => {
    expect(tryParseJson('  \n[1, {"a": 2}]')).toEqual({ ok: true, value: [1, { a: 2 }] });
    expect(tryParseJson('{}')).toEqual({ ok: true, value: {} });
  });

  it('reports why JSON-looking text does not parse', () => {
    const r = tryParseJson('{"a": 1,}');
    expect(r?.ok).toBe(false);
    expect(r !== null && !r.ok && r.error.length).toBeGreaterThan(0);
  });
});
