/**
 * The standalone log viewer (an extension page, no DevTools needed): drop a saved log (.har,
 * .json, .ndjson) on the page or open it with the file input, and inspect it with the panel's own
 * components, read-only.
 */
import { render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { SessionStore } from '../core/session-store';
import { preferredTheme } from '../platform/inspected-tab';
import { SessionView } from '../view/SessionView';
import { ImportControl, ImportedBanner, LOG_FILE_ACCEPT } from '../view/ImportControl';
import { ImportNotices } from '../view/ImportNotices';
import { useLogImport } from '../view/use-log-import';
import '../view/view.css';

const TITLE = 'WebSocket Lens — log viewer';

let importedStore: SessionStore | null = null;
// For the end-to-end tests and the console: the store of the log shown (null when none).
Object.defineProperty(globalThis, 'wslens', {
  value: Object.freeze({
    get imported() {
      return importedStore;
    },
  }),
});

function Viewer() {
  const state = useLogImport((log) => {
    importedStore = log?.store ?? null;
    document.title = log ? `${log.fileName} — ${TITLE}` : TITLE;
  });
  const [dragging, setDragging] = useState(false);
  const importFile = useRef(state.importFile);
  importFile.current = state.importFile;

  // The whole window is a drop target, before and after a log is open.
  useEffect(() => {
    let depth = 0;
    const hasFiles = (e: DragEvent) => e.dataTransfer?.types.includes('Files') ?? false;
    const onEnter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth++;
      setDragging(true);
    };
    const onOver = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const onLeave = () => {
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const onDrop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth = 0;
      setDragging(false);
      const file = e.dataTransfer?.files[0];
      if (file) void importFile.current(file);
    };
    window.addEventListener('dragenter', onEnter);
    window.addEventListener('dragover', onOver);
    window.addEventListener('dragleave', onLeave);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragenter', onEnter);
      window.removeEventListener('dragover', onOver);
      window.removeEventListener('dragleave', onLeave);
      window.removeEventListener('drop', onDrop);
    };
  }, []);

  const imp = state.imported;
  const overlay = dragging && (
    <div class="drop-overlay" aria-hidden="true">
      Drop the log file to open it
    </div>
  );
  if (imp === null) {
    return (
      <main class={`viewer-home ${dragging ? 'dragging' : ''}`}>
        <h1>{TITLE}</h1>
        <p>
          Inspect a saved WebSocket log without DevTools: a HAR file (Chrome's "Save all as HAR with content", or WebSocket Lens's HAR
          export), or a WebSocket Lens JSON or NDJSON export. Nothing leaves this page.
        </p>
        <section class="drop-zone" aria-label="Drop zone">
          <p>Drop a .har, .json or .ndjson file here, or</p>
          <label class="file-button primary">
            Open log file
            <input
              type="file"
              class="visually-hidden"
              accept={LOG_FILE_ACCEPT}
              disabled={state.busy !== null}
              onChange={(e) => pick(e.currentTarget, state.importFile)}
            />
          </label>
        </section>
        <ImportNotices state={state} />
        {overlay}
      </main>
    );
  }
  return (
    <>
      <SessionView
        key={`imported:${imp.session.doc.docId}`}
        store={imp.store}
        readOnly={{ endTime: imp.endTime }}
        title={TITLE}
        toolbarExtra={<ImportControl label="Open log file" onFile={(f) => void state.importFile(f)} disabled={state.busy !== null} />}
        notices={
          <>
            <ImportedBanner
              fileName={imp.fileName}
              connections={imp.session.counts.connections}
              frames={imp.session.counts.frames}
              warnings={imp.warnings}
              onBack={state.close}
              backLabel="Close log"
            />
            <ImportNotices state={state} />
          </>
        }
      />
      {overlay}
    </>
  );
}

function pick(input: HTMLInputElement, importFile: (f: File) => Promise<void>): void {
  const file = input.files?.[0];
  input.value = '';
  if (file) void importFile(file);
}

document.documentElement.dataset.theme = preferredTheme();
document.title = TITLE;
render(<Viewer />, document.getElementById('app') as HTMLElement);
