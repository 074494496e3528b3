/** The panel's notice while a document of the inspected tab speaks another protocol version. */
import { useEffect, useState } from 'preact/hooks';
import type { VersionCheck } from './version-check';

export function VersionNotice({ check }: { check: VersionCheck }) {
  const [message, setMessage] = useState(() => check.message());
  useEffect(() => {
    setMessage(check.message());
    return check.subscribe(() => setMessage(check.message()));
  }, [check]);
  if (message === null) return null;
  return (
    <p class="note error" role="alert" aria-label="Protocol version">
      {message}
    </p>
  );
}
