/**
 * Saves a Blob as a file through an `<a download>` and a Blob URL: works in a DevTools panel and
 * in extension pages without the "downloads" permission.
 */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // The download reads the Blob asynchronously; revoking at once could cut it off.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
