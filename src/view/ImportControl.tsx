/**
 * A button that opens a file picker for a saved log (.har, .json, .ndjson). The file input itself
 * is the control, inside its label, so that it is reachable by keyboard and by its name.
 */
export const LOG_FILE_ACCEPT = '.har,.json,.ndjson,.jsonl,application/json,application/x-ndjson';

export function ImportControl({ label, onFile, disabled = false }: { label: string; onFile(file: File): void; disabled?: boolean }) {
  return (
    <label class={`file-button ${disabled ? 'disabled' : ''}`} title="Open a saved log (.har, .json, .ndjson) read-only">
      {label}
      <input
        type="file"
        class="visually-hidden"
        accept={LOG_FILE_ACCEPT}
        disabled={disabled}
        onChange={(e) => {
          const input = e.currentTarget;
          const file = input.files?.[0];
          input.value = ''; // choosing the same file again is a change too
          if (file) onFile(file);
        }}
      />
    </label>
  );
}

/** The banner over an imported, read-only session. */
export function ImportedBanner({
  fileName,
  connections,
  frames,
  warnings,
  onBack,
  backLabel,
}: {
  fileName: string;
  connections: number;
  frames: number;
  warnings: string[];
  onBack?: () => void;
  backLabel?: string;
}) {
  return (
    <div class="imported-banner" role="region" aria-label="Imported log">
      <p>
        <strong>Imported: {fileName}</strong> — read-only · {connections.toLocaleString('en-US')} connection{connections === 1 ? '' : 's'},{' '}
        {frames.toLocaleString('en-US')} frame{frames === 1 ? '' : 's'}
        {warnings.length > 0 && (
          <details>
            <summary>
              {warnings.length} note{warnings.length === 1 ? '' : 's'} on the import
            </summary>
            <ul>
              {warnings.map((w) => (
                <li>{w}</li>
              ))}
            </ul>
          </details>
        )}
      </p>
      {onBack && (
        <button type="button" onClick={onBack}>
          {backLabel ?? 'Back to live capture'}
        </button>
      )}
    </div>
  );
}
