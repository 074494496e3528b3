/**
 * One connection of the test client, as a tab: its form, its connection, its raw log, and in
 * Socket.IO mode its session with the log of events. The client holds several at once.
 */
import { ClientLog } from './client-log';
import { ClientConnection, type ConnectionDeps } from './connection';
import type { FormState } from './form-state';
import { SioSession, type SioDeps, type SioSettings } from './socketio-session';
import { browserBuiltins, type BuiltinSource } from './variables';
import type { Recording, SessionPlayer } from './session-playback';
import type { CheckRun } from './expectations';

export class ConnectionTab {
  readonly log = new ClientLog();
  /** The Socket.IO events (empty in WebSocket mode). */
  readonly events = new ClientLog();
  readonly connection: ClientConnection;
  /** Built-ins of this tab (`{{$counter}}` counts per connection). */
  readonly builtins: BuiltinSource;
  sio: SioSession | null = null;
  /** The last playback and check run, and which of their sections is open: kept while another tab is in front. */
  playback: { player: SessionPlayer; rec: Recording } | null = null;
  checkRun: CheckRun | null = null;
  runOpen: 'play' | 'checks' | null = null;

  constructor(
    readonly id: string,
    public form: FormState,
    deps: ConnectionDeps,
    private readonly sioDeps: SioDeps,
    builtins: BuiltinSource = browserBuiltins(),
  ) {
    this.connection = new ClientConnection(this.log, deps);
    this.builtins = builtins;
  }

  /** Before a connect: a Socket.IO session over the connection, or none (plain WebSocket). */
  useSocketIo(settings: SioSettings | null): SioSession | null {
    this.sio?.dispose();
    this.sio = null;
    if (settings === null) {
      this.connection.setObserver(null);
      return null;
    }
    const connection = this.connection;
    const sio = new SioSession(
      settings,
      this.events,
      { send: (d) => connection.send(d), close: (code, reason) => connection.disconnect(code, reason) },
      this.sioDeps,
    );
    this.sio = sio;
    connection.setObserver({
      opened: (url) => sio.onOpen(url),
      message: (d) => sio.onMessage(d),
      closed: (code, reason) => sio.onClose(code, reason),
      failedHint: () =>
        settings.version === 'v2'
          ? 'Socket.IO v2 speaks Engine.IO 3, which a Socket.IO v3/v4 server refuses unless it allows it (allowEIO3): choose "v3/v4" or "Detect".'
          : null,
    });
    return sio;
  }

  /** A one-line description for the tab strip and the popup. */
  describe(): string {
    const s = this.connection.status;
    const where = s.url || this.form.url || 'new connection';
    return s.phase === 'idle' ? `${where}: not connected` : `${where}: ${s.phase === 'open' ? 'live' : s.phase}`;
  }

  dispose(): void {
    this.playback?.player.stop();
    this.checkRun?.stop();
    this.sio?.dispose();
    this.connection.dispose();
    // The close records that adds wait for the log's 16 ms batch: apply them now, so that a page
    // going away (no timer runs after pagehide) stores the log as it ends.
    this.log.flush();
  }
}
