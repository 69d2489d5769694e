export type PreviewKind = 'markdown' | 'text' | 'pdf' | 'docx' | 'image' | 'other';

const TEXT_TYPES = new Set([
  'txt',
  'csv',
  'tsv',
  'json',
  'yaml',
  'yml',
  'xml',
  'log',
  'ini',
  'toml',
  'html',
  'htm',
  'css',
  'js',
  'ts',
  'py',
  'sh',
]);

const IMAGE_TYPES: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  bmp: 'image/bmp',
  ico: 'image/x-icon',
  // SVG is left out on purpose: shown through a data: URL it is an image, but it carries script and links.
};

export function previewKindOf(fileType: string, encoding: 'utf8' | 'base64'): PreviewKind {
  if (fileType === 'md' || fileType === 'markdown') return 'markdown';
  if (fileType === 'pdf') return 'pdf';
  if (fileType === 'docx') return 'docx';
  if (fileType in IMAGE_TYPES) return 'image';
  if (encoding === 'utf8' || TEXT_TYPES.has(fileType)) return 'text';
  return 'other';
}

export function imageMimeOf(fileType: string): string {
  return IMAGE_TYPES[fileType] ?? 'application/octet-stream';
}

export function mimeOf(fileType: string): string {
  if (fileType === 'pdf') return 'application/pdf';
  if (fileType === 'docx') return 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
  if (fileType === 'md' || fileType === 'markdown') return 'text/markdown';
  if (fileType === 'json') return 'application/json';
  if (fileType === 'csv') return 'text/csv';
  if (fileType in IMAGE_TYPES) return imageMimeOf(fileType);
  return TEXT_TYPES.has(fileType) ? 'text/plain' : 'application/octet-stream';
}

const sizeUnits = ['bytes', 'kB', 'MB', 'GB', 'TB'];

/** 1 234 567 → "1.2 MB" (powers of 1000, as file managers on most systems count). */
export function formatSize(bytes: number, locale?: string): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < sizeUnits.length - 1) {
    value /= 1000;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(value);
  return `${number} ${unit === 0 && bytes === 1 ? 'byte' : sizeUnits[unit]}`;
}

/** Bytes as base64, in chunks: String.fromCharCode(...bytes) overflows the stack on large files. */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return btoa(binary);
}

export function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
