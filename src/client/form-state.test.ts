import { describe, expect, it } from 'vitest';
import { DEFAULT_FORM, parseForm } from './form-state';

describe('parseForm', () => {
  it('falls back to the defaults field by field', () => {
    expect(parseForm(undefined)).toEqual(DEFAULT_FORM);
    const f = parseForm({
      url: 'ws://x',
      history: ['ws://x', 3],
      draft: { mode: 'weird', text: 'a' },
      heartbeat: { enabled: true },
      close: { code: 4000 },
    });
    expect(f.url).toBe('ws://x');
    expect(f.history).toEqual(['ws://x']);
    expect(f.draft).toEqual({ mode: 'text', text: 'a' });
    expect(f.heartbeat).toEqual({ ...DEFAULT_FORM.heartbeat, enabled: true });
    expect(f.close).toEqual(DEFAULT_FORM.close);
  });
});
