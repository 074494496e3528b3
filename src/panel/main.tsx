import { render } from 'preact';
import { SessionStore } from '../core/session-store';
import { inDevtools, inspectedTabId, preferredTheme } from '../platform/inspected-tab';
import { openExtensionTab } from '../platform/open-tab';
import { connectLive } from './live-connection';
import { PanelShell } from './PanelShell';
import { VersionNotice } from './VersionNotice';
import { WorkerCaptureButton, WorkerCaptureModel, WorkerCaptureNotice } from './WorkerCapture';
import { ActionsContext, createActions } from '../view/actions';
import '../view/view.css';

const root = document.getElementById('app') as HTMLElement;
document.documentElement.dataset.theme = preferredTheme();
const tabId = inspectedTabId();

if (tabId === null) {
  root.textContent = 'No tab to inspect: open this panel from DevTools, or as panel.html?tabId=N.';
} else {
  const store = new SessionStore();
  const live = connectLive(tabId, store);
  const actions = createActions(live, store);
  const workers = new WorkerCaptureModel(live);
  // For the panel's own console (and the end-to-end tests): the model, read-only by convention,
  // and the store of the imported log shown (null when none).
  let imported: SessionStore | null = null;
  Object.defineProperty(globalThis, 'wslens', {
    value: Object.freeze({
      store,
      get imported() {
        return imported;
      },
    }),
  });
  const popOut = inDevtools()
    ? () => void openExtensionTab(`src/panel/panel.html?tabId=${tabId}`)
    : undefined;
  const title = inDevtools() ? 'WebSocket Lens' : `WebSocket Lens · tab ${tabId}`;
  render(
    <ActionsContext.Provider value={actions}>
      <PanelShell
        live={store}
        onPopOut={popOut}
        title={title}
        onImportedChange={(log) => (imported = log?.store ?? null)}
        liveNotices={
          <>
            <VersionNotice check={live.versions} />
            <WorkerCaptureNotice model={workers} />
          </>
        }
        liveTools={[{ id: 'workers', label: workers.available ? 'Capture workers' : 'Workers: not available in Firefox', node: <WorkerCaptureButton model={workers} /> }]}
      />
    </ActionsContext.Provider>,
    root,
  );
}
