/**
 * The panel around SessionView: the live session, or an imported log shown read-only over it. The live
 * capture keeps running in its own store while an import is shown; "Back to live capture" returns
 * to it as it is by then.
 */
import type { ComponentChildren } from 'preact';
import type { SessionStore } from '../core/session-store';
import { SessionView } from '../view/SessionView';
import { ActionsContext } from '../view/actions';
import { ImportControl, ImportedBanner } from '../view/ImportControl';
import { ImportNotices } from '../view/ImportNotices';
import { useLogImport } from '../view/use-log-import';
import type { ImportedLog } from '../view/import-file';
import type { ToolbarTool } from '../view/MoreTools';

export interface PanelShellProps {
  live: SessionStore;
  onPopOut?: () => void;
  title: string;
  /** Told when an imported log is shown (its log) or closed (null). */
  onImportedChange?: (log: ImportedLog | null) => void;
  /** Problems of the live connection, shown above the live session (e.g. a protocol mismatch). */
  liveNotices?: ComponentChildren;
  /** Tools of the live capture only, in the toolbar after Export (the worker-capture switch); each goes into "More tools" when it does not fit. */
  liveTools?: readonly ToolbarTool[];
}

export function PanelShell({ live, onPopOut, title, onImportedChange, liveNotices, liveTools }: PanelShellProps) {
  const state = useLogImport(onImportedChange);
  const imp = state.imported;
  const importControl = <ImportControl label="Import log" onFile={(f) => void state.importFile(f)} disabled={state.busy !== null} />;
  if (imp === null) {
    return (
      <SessionView
        key="live"
        store={live}
        onPopOut={onPopOut}
        title={title}
        tools={liveTools}
        toolbarExtra={importControl}
        notices={
          <>
            {liveNotices}
            <ImportNotices state={state} />
          </>
        }
      />
    );
  }
  // An imported log is read-only: no actions reach any page from it.
  return (
    <ActionsContext.Provider value={null}>
      <SessionView
        key={`imported:${imp.session.doc.docId}`}
        store={imp.store}
        readOnly={{ endTime: imp.endTime }}
        title={`${title} · ${imp.fileName}`}
        toolbarExtra={importControl}
        notices={
          <>
            <ImportedBanner
              fileName={imp.fileName}
              connections={imp.session.counts.connections}
              frames={imp.session.counts.frames}
              warnings={imp.warnings}
              onBack={state.close}
            />
            <ImportNotices state={state} />
          </>
        }
      />
    </ActionsContext.Provider>
  );
}
