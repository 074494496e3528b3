import { describe, expect, it } from 'vitest';
import { coreNativesHere } from './natives';
import { HOOK_PRIVATE_NAMES } from './private-names';

/** Names the hook reads or writes on objects it does not own: the protocol's and the platform's. */
const NOT_PRIVATE = [
  // the protocol (HookEvent, HookCommand, HookRule, RegExpSource)
  'type', 'conn', 'seq', 't', 'url', 'protocols', 'initiator', 'frame', 'protocol', 'extensions', 'dir', 'data', 'kind',
  'mark', 'original', 'code', 'reason', 'byPanel', 'wasClean', 'pid', 'action', 'req', 'ok', 'error', 'detail', 'rules',
  'match', 'find', 'replace', 'source', 'flags', 'dirs', 'cmd',
  // the platform and JavaScript
  'prototype', 'length', 'value', 'get', 'set', 'writable', 'enumerable', 'configurable', 'buffer', 'location', 'href',
  'WebSocket', 'Function', 'MessageEvent', 'Blob', 'send', 'close', 'exec', 'name', 'message', 'stack', 'apply',
  'construct', 'call', 'bind', 'view', 'cancelable', 'ports', 'origin', 'childList', 'subtree', 'toString', 'constructor',
  'frames', 'contentWindow', 'contentDocument', 'captureStackTrace', 'prepareStackTrace', '__proto__',
];

describe('the names the build shortens in the hook', () => {
  it('include every core native', () => {
    for (const key of Object.keys(coreNativesHere())) expect(HOOK_PRIVATE_NAMES, key).toContain(key);
  });
  it("are none of the protocol's or the platform's, and are listed once", () => {
    for (const name of NOT_PRIVATE) expect(HOOK_PRIVATE_NAMES, name).not.toContain(name);
    expect(new Set(HOOK_PRIVATE_NAMES).size).toBe(HOOK_PRIVATE_NAMES.length);
  });
});
