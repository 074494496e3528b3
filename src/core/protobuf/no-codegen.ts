/**
 * Takes the place of protobufjs's code generator (`protobufjs/src/util/codegen.js`) in the
 * extension build (`vite.config.ts`): the extension uses protobufjs only to parse `.proto` text,
 * which generates no code, and its pages' CSP forbids `Function` anyway. So the bundle carries no
 * `Function` constructor, and a call would say why instead of failing on the CSP.
 */
export default function codegen(): never {
  throw new Error('protobufjs code generation is not part of WebSocket Lens (the extension CSP forbids it)');
}
