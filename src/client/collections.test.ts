import { describe, expect, it } from 'vitest';
import { DEFAULT_FORM } from './form-state';
import { exportFile, parseCollectionsFile, settingsOf, type Collection } from './collections';

const ids = () => {
  let n = 0;
  return () => `id${++n}`;
};

describe('collections files', () => {
  const col: Collection = {
    id: 'c',
    name: 'Chat',
    connections: [
      {
        id: 'x',
        name: 'echo',
        settings: settingsOf({ ...DEFAULT_FORM, url: 'ws://{{host}}/echo', protocols: 'a, b', mode: 'socketio', connectTimeoutSec: '3' }),
        messages: [{ id: 'm', name: 'hello', mode: 'json', text: '{"a":1}' }],
      },
    ],
  };

  it('reads back what it exports (new ids), with the environments', () => {
    const text = exportFile([col], [{ id: 'e', name: 'local', vars: [{ key: 'host', value: 'h:1' }] }]);
    const r = parseCollectionsFile(text, ids());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.collections[0].name).toBe('Chat');
    expect(r.collections[0].connections[0].settings).toEqual(col.connections[0].settings);
    expect(r.collections[0].connections[0].messages).toEqual([{ id: 'id2', name: 'hello', mode: 'json', text: '{"a":1}' }]);
    expect(r.environments).toEqual([{ id: 'id4', name: 'local', vars: [{ key: 'host', value: 'h:1' }] }]);
  });

  it('refuses malformed files, saying where', () => {
    expect(parseCollectionsFile('{"format":', ids())).toMatchObject({ ok: false, error: expect.stringMatching(/^The file is not JSON \(.+\); nothing was imported\.$/) });
    expect(parseCollectionsFile('{"a":1}', ids())).toMatchObject({ ok: false, error: expect.stringContaining('neither a WebSocket Lens collection file') });
    const bad = JSON.parse(exportFile([col], [])) as { collections: Array<{ connections: Array<{ messages: Array<{ mode: string }> }> }> };
    bad.collections[0].connections[0].messages[0].mode = 'video';
    expect(parseCollectionsFile(JSON.stringify(bad), ids())).toEqual({
      ok: false,
      error: 'The collection file is malformed: collections[0].connections[0].messages[0].mode must be one of text, json, hex, base64. Nothing was imported.',
    });
    expect(parseCollectionsFile(JSON.stringify({ format: 'websocket-lens/collections', version: 2 }), ids())).toMatchObject({ ok: false, error: expect.stringContaining('version 2') });
  });

  it('imports the WebSocket requests of a Postman collection, its variables as an environment', () => {
    const postman = {
      info: { name: 'Realtime', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
      item: [
        { name: 'REST', request: { method: 'GET', url: { raw: 'https://api/x' } } },
        { name: 'Folder', item: [{ name: 'Live', request: { url: 'wss://{{host}}/live', body: { mode: 'raw', raw: '{"sub":1}' } } }] },
        { name: 'IO', request: { url: { raw: 'ws://h:3000/socket.io/?EIO=4' } } },
      ],
      variable: [{ key: 'host', value: 'example.com' }],
    };
    const r = parseCollectionsFile(JSON.stringify(postman), ids());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.kind).toBe('postman');
    const [live, io] = r.collections[0].connections;
    expect([live.name, live.settings.url, live.settings.mode, live.messages.map((m) => m.text)]).toEqual(['Folder / Live', 'wss://{{host}}/live', 'ws', ['{"sub":1}']]);
    expect([io.settings.url, io.settings.mode]).toEqual(['ws://h:3000', 'socketio']);
    expect(r.environments[0].vars).toEqual([{ key: 'host', value: 'example.com' }]);
    expect(r.notes).toEqual(['2 WebSocket requests from the Postman collection "Realtime"', '1 HTTP request skipped', 'its 1 variable as the environment "Realtime"']);
    const httpOnly = { ...postman, item: [postman.item[0]] };
    expect(parseCollectionsFile(JSON.stringify(httpOnly), ids())).toMatchObject({ ok: false, error: expect.stringContaining('no WebSocket request') });
  });
});
