/**
 * The state of importing a log file: the imported log, the last error, and whether a file is being
 * read. A failed import leaves the current log (or the live session) as it was.
 */
import { useState } from 'preact/hooks';
import { readLogFile, type ImportedLog } from './import-file';

export interface LogImport {
  imported: ImportedLog | null;
  error: string | null;
  busy: string | null;
  importFile(file: File): Promise<void>;
  close(): void;
  dismissError(): void;
}

export function useLogImport(onChange?: (log: ImportedLog | null) => void): LogImport {
  const [imported, setImported] = useState<ImportedLog | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const importFile = async (file: File) => {
    setError(null);
    setBusy(`Importing ${file.name}…`);
    // Let "Importing…" paint before the (synchronous) parse of a large file.
    await new Promise((r) => setTimeout(r, 0));
    try {
      const r = await readLogFile(file);
      if (r.ok) {
        setImported(r.log);
        onChange?.(r.log);
      } else setError(`Could not import ${file.name}: ${r.error}`);
    } catch (e) {
      setError(`Could not import ${file.name}: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setBusy(null);
    }
  };

  return {
    imported,
    error,
    busy,
    importFile,
    close: () => {
      setImported(null);
      setError(null);
      onChange?.(null);
    },
    dismissError: () => setError(null),
  };
}
