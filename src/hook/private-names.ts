/**
 * The names of the hook's own properties: the keys of its natives (natives.ts) and the members its
 * modules hand one another. The build shortens them in the hook's IIFE (vite.config.ts,
 * `shortenHookNames`), as a minifier shortens local names: the hook is split into factories over
 * one natives object, and these long names would otherwise cost the page ~1.5 kB per frame.
 *
 * Only names that are none of the DOM's, JavaScript's or the protocol's may be listed (a listed
 * `type` or `prototype` would break the hook): natives that mirror a global are named `Native…`.
 */
export const HOOK_PRIVATE_NAMES = [
  // natives.ts
  'reflectApply', 'reflectConstruct', 'defineProp', 'getOwnDesc', 'getProto', 'uncurry', 'getter', 'table', 'arrayIsArray',
  'NativeString', 'NativeRegExp', 'nativeExec', 'reExec', 'reReplace', 'strIndexOf', 'strSlice', 'NativeError',
  'errorStackGetter', 'captureStack', 'NativeWeakMap', 'wmGet', 'wmSet', 'wmDelete', 'NativeWeakSet', 'wsHas', 'wsAdd',
  'NativeMap', 'mapGet', 'mapSet', 'mapDelete', 'NativeProxy', 'NativeUint8Array', 'abIsView', 'abSlice', 'abByteLength',
  'taTag', 'taBuffer', 'taOffset', 'taLength', 'dvBuffer', 'dvOffset', 'dvLength', 'blobSize',
  'win', 'doc', 'NativeWebSocket', 'wsSend', 'wsClose', 'wsUrl', 'wsReadyState', 'wsProtocol', 'wsExtensions',
  'wsBinaryType', 'msgData', 'msgOrigin', 'closeCode', 'closeReason', 'closeWasClean', 'trusted', 'addListener',
  'removeListener', 'dispatch', 'stopImmediate', 'evPreventDefault', 'NativeEvent', 'NativeUIEvent', 'NativeMessageEvent',
  'NativeMessageChannel', 'channelPort1', 'channelPort2', 'portPost', 'portOnMessage', 'NativeURL', 'urlOrigin',
  'NativeMutationObserver', 'moObserve', 'moDisconnect', 'docView', 'fontFaceSet', 'clock', 'setTimer', 'queueMicro',
  // state.ts, channel.ts, capture.ts, rules.ts, breakpoints.ts, adoption.ts, install.ts
  'held', 'enqueue', 'flush', 'record', 'deliver', 'payloads', 'payloadOf', 'copyBytes', 'states', 'sockets', 'own',
  'onOpen', 'onMessage', 'onError', 'onClose', 'update', 'active', 'pausing', 'applyTo', 'pauses', 'watching', 'take',
  'resume', 'dropAll', 'adoptResult', 'adoptDocument', 'scanFrames', 'cap', 'listeners', 'bps', 'adoption', 'initiatorOf', 'blocks', 'matches', 'rewrites',
];
