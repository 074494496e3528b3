/**
 * Reading a log file the user chose into a read-only SessionStore (the panel's Import and the
 * log viewer). The size is checked before the file is read.
 */
import { SessionStore } from '../core/session-store';
import { checkImportSize, importLog, type ImportedSession } from '../core/formats/import';

export interface ImportedLog {
  fileName: string;
  store: SessionStore;
  session: ImportedSession;
  warnings: string[];
  /** The time the log's durations are measured to (its last event): an import does not tick. */
  endTime: number;
}

/** What the import needs of a File. */
export interface LogFile {
  name: string;
  size: number;
  text(): Promise<string>;
}

export type ReadResult = { ok: true; log: ImportedLog } | { ok: false; error: string };

export async function readLogFile(file: LogFile): Promise<ReadResult> {
  const tooBig = checkImportSize(file.size);
  if (tooBig !== null) return { ok: false, error: tooBig };
  let text: string;
  try {
    text = await file.text();
  } catch (e) {
    return { ok: false, error: `Could not read the file: ${e instanceof Error ? e.message : String(e)}` };
  }
  const r = importLog(text, file.name);
  if (!r.ok) return { ok: false, error: r.error };
  const store = storeFromSession(r.session);
  return { ok: true, log: { fileName: file.name, store, session: r.session, warnings: r.warnings, endTime: lastTime(r.session) } };
}

/** A SessionStore holding an imported session, as if its one document's relay had sent it. */
function storeFromSession(session: ImportedSession): SessionStore {
  const store = new SessionStore();
  store.applyAnnounce(session.doc, 0); // asks for a pull: there is nothing to pull from
  store.applyRecords(session.records);
  return store;
}

function lastTime(session: ImportedSession): number {
  let t = session.doc.timeOrigin;
  for (const r of session.records.items) if (r.time > t) t = r.time;
  return t;
}
