import { describe, expect, it } from 'vitest';
import { exportFileName } from './export';

describe('exportFileName', () => {
  const date = new Date(Date.UTC(2026, 10, 22, 0, 15, 3, 456));

  it('names the host and the UTC time, to the second', () => {
    expect(exportFileName('har', 'https://example.com/chat?x=1#y', date)).toBe('websocket-lens_example.com_2026-11-22T00-15-03.har');
    expect(exportFileName('json', 'https://example.com/', date)).toBe('websocket-lens_example.com_2026-11-22T00-15-03.json');
    expect(exportFileName('ndjson', 'https://example.com/', date)).toBe('websocket-lens_example.com_2026-11-22T00-15-03.ndjson');
  });

  it('keeps only safe characters', () => {
    expect(exportFileName('har', 'http://localhost:8080/', date)).toBe('websocket-lens_localhost-8080_2026-11-22T00-15-03.har');
    expect(exportFileName('har', 'http://[::1]:3000/', date)).toBe('websocket-lens_1-3000_2026-11-22T00-15-03.har');
    expect(exportFileName('har', 'https://bücher.example/', date)).toBe('websocket-lens_xn--bcher-kva.example_2026-11-22T00-15-03.har');
    for (const url of ['about:blank', 'file:///home/me/page.html', 'not a url', '']) {
      expect(exportFileName('json', url, date)).toBe('websocket-lens_page_2026-11-22T00-15-03.json');
    }
    expect(exportFileName('json', 'https://x.test/', new Date(NaN))).toBe('websocket-lens_x.test_unknown-time.json');
  });
});
