/**
 * Data the relay (ISOLATED world) receives from the hook (MAIN world) over their private
 * MessagePort. Chrome and Firefox differ here, and this is the one place that knows it.
 *
 * Chrome: the relay's world has its own JavaScript globals but shares the document's; a message
 * on the port arrives as ordinary objects of the relay's world, so `data instanceof ArrayBuffer`
 * holds. Nothing to do.
 *
 * Firefox: the port was created by the page, so a message arriving on it is deserialised in the
 * page's compartment, and the content script sees it through Xray wrappers. Plain fields read
 * fine, but `instanceof ArrayBuffer` / `instanceof Blob` against the content script's own
 * constructors is false for the page's objects, so binary frames would be mistaken for Blobs.
 * A structured clone made in the content script's own global copies the batch into its own
 * compartment (ArrayBuffers, Blobs, strings and numbers are all cloneable), after which every
 * check behaves as in Chrome. `cloneInto` exists only in Firefox content scripts: it tells us
 * where we are without sniffing the user agent.
 */

export const inFirefoxContentScript = typeof (globalThis as { cloneInto?: unknown }).cloneInto === 'function';

export function fromPage<T>(data: T): T {
  return inFirefoxContentScript ? structuredClone(data) : data;
}
