/**
 * Hands text to the browser as a file download: a Blob behind an object URL, clicked through a
 * temporary <a download>. Works the same in a browser and in the desktop window (Electron asks
 * where to save it).
 */
export function downloadText(filename: string, contentType: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: contentType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.style.display = 'none';
  document.body.append(link);
  try {
    link.click();
  } finally {
    link.remove();
    // Some browsers read the Blob only after the click's task has ended: free it a little later.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}

/** A file that came as base64 (an xlsx workbook from export_csv), handed to the browser as a download. */
export function downloadBase64(filename: string, contentType: string, base64: string): void {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: contentType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.style.display = 'none';
  document.body.append(link);
  try {
    link.click();
  } finally {
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}
