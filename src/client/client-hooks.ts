/** Hooks of the test client page: the connection's status, the log's version, a ticking clock. */
import { useEffect, useState } from 'preact/hooks';
import type { ClientLog } from './client-log';
import type { ClientConnection, ClientStatus } from './connection';
import type { ConnectionTab } from './connection-tab';
import type { SioPhase } from './socketio-session';

/** The Socket.IO session's phase (its session changes at every connect). */
export function useSioPhase(tab: ConnectionTab): SioPhase {
  const [phase, setPhase] = useState<SioPhase>(tab.sio?.phase ?? 'idle');
  const [, setTick] = useState(0);
  useEffect(() => tab.connection.subscribe(() => setTick((n) => n + 1)), [tab]);
  const sio = tab.sio;
  useEffect(() => {
    setPhase(sio?.phase ?? 'idle');
    return sio?.subscribe(() => setPhase(sio.phase));
  }, [sio]);
  return phase;
}

export function useConnectionStatus(c: ClientConnection): ClientStatus {
  const [s, setS] = useState(c.status);
  useEffect(() => {
    setS(c.status);
    return c.subscribe(() => setS(c.status));
  }, [c]);
  return s;
}

/** Re-renders on log changes, at most once per animation frame. */
export function useLogVersion(log: ClientLog): number {
  const [v, setV] = useState(log.version + log.store.version);
  useEffect(() => {
    let raf = 0;
    const off = log.subscribe(() => {
      if (raf === 0)
        raf = requestAnimationFrame(() => {
          raf = 0;
          setV(log.version + log.store.version);
        });
    });
    return () => {
      off();
      cancelAnimationFrame(raf);
    };
  }, [log]);
  return v;
}

export function useNow(ticking: boolean): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (!ticking) return;
    setNow(Date.now());
    const t = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(t);
  }, [ticking]);
  return now;
}
