// Types for the libraries scripts/capture-protocol-fixtures.mjs loads that ship none (socket.io 2
// and its client, kept to record the Engine.IO 3 wire format; sockjs-client; faye; phoenix): only
// what it uses.

declare module 'socket.io-v2' {
  import type { Server as HttpServer } from 'node:http';
  function createServer(httpServer: HttpServer, options?: { pingInterval?: number; pingTimeout?: number }): createServer.Server;
  namespace createServer {
    /** A socket.io 2 socket, server or client side. */
    interface Socket {
      // `any[]`: event arguments are whatever the peer sent, untyped on the wire (socket.io 4's own
      // DefaultEventsMap types them the same way).
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      on(event: string, listener: (...args: any[]) => void): this;
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      once(event: string, listener: (...args: any[]) => void): this;
      emit(event: string, ...args: unknown[]): this;
      disconnect(): this;
    }
    interface Server {
      on(event: 'connection', listener: (socket: Socket) => void): this;
      close(): void;
    }
  }
  export = createServer;
}

declare module 'socket.io-client-v2' {
  import type { Socket } from 'socket.io-v2';
  function io(url: string, options?: { transports?: string[] }): Socket;
  export = io;
}

declare module 'sockjs-client' {
  import type { IStompSocket } from '@stomp/stompjs';
  /** A SockJS client connection: it has the WebSocket API that @stomp/stompjs drives. */
  const SockJS: new (url: string, reserved?: null, options?: { transports?: string[] }) => IStompSocket;
  export = SockJS;
}

declare module 'faye' {
  import type { Server as HttpServer } from 'node:http';
  interface BayeuxMessage {
    channel: string;
    subscription?: string;
    error?: string;
  }
  interface NodeAdapter {
    addExtension(extension: { incoming(message: BayeuxMessage, callback: (message: BayeuxMessage) => void): void }): void;
    attach(server: HttpServer): void;
    close(): void;
  }
  interface Client {
    subscribe(channel: string, onMessage: (data: unknown) => void): Promise<void>;
    publish(channel: string, data: unknown): Promise<void>;
    unsubscribe(channel: string): Promise<void>;
    disconnect(): void;
  }
  const faye: { NodeAdapter: new (options: { mount: string; timeout: number }) => NodeAdapter; Client: new (url: string) => Client };
  export = faye;
}

declare module 'phoenix' {
  interface Push {
    receive(status: string, callback: (response: unknown) => void): Push;
  }
  interface Channel {
    join(): Push;
    leave(): Push;
    push(event: string, payload: object | ArrayBuffer): Push;
    on(event: string, callback: (payload: unknown) => void): number;
  }
  export class Socket {
    constructor(url: string, options?: { transport?: unknown; heartbeatIntervalMs?: number; params?: object });
    connect(): void;
    disconnect(): void;
    channel(topic: string, params?: object): Channel;
  }
}
