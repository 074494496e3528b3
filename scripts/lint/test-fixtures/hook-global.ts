// A hook module that breaks the hook's rule: it reaches the page's global object instead of a
// native captured at start. scripts/lint/hook-globals.test.ts lints this text as if it were in
// src/hook/ and expects ESLint to refuse it.
export const leak = (): unknown => (window as unknown as { foo: unknown }).foo;
export const keys = (o: object): string[] => Object.keys(o);
// Types from the DOM library are fine: they do not exist at run time.
export const same = (p: MessagePort): MessagePort => p;
export const none = (v: unknown): boolean => v === undefined;
