import { describe, expect, it } from 'vitest';
import manifest from '../../manifest.json' with { type: 'json' };

describe("the relay's place in the manifest", () => {
  it('runs in every frame at document_start, in the isolated world, listed before the hook (so that it meets the hook first)', () => {
    const scripts = manifest.content_scripts.map((c) => ({ js: c.js, world: c.world, runAt: c.run_at, allFrames: c.all_frames, aboutBlank: c.match_about_blank }));
    expect(scripts).toEqual([
      { js: ['src/relay/main.ts'], world: 'ISOLATED', runAt: 'document_start', allFrames: true, aboutBlank: true },
      { js: [expect.stringMatching(/^src\/hook\//)], world: 'MAIN', runAt: 'document_start', allFrames: true, aboutBlank: true },
    ]);
  });
});
