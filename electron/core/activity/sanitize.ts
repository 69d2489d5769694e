const MAX_STRING = 2_000;
const MAX_ITEMS = 100;
const MAX_DEPTH = 8;
const SECRET_KEY =
  /(pass(word|phrase)?|secret|token|api[_-]?key|authorization|cookie|card[_-]?number|cvc|cvv|iban|pin)$/i;

/**
 * What the activity log keeps of an input: long strings and lists shortened, secret-looking fields
 * redacted, so the log stays readable and never becomes a store of credentials.
 */
export function sanitizeForLog(value: unknown, depth = 0): unknown {
  if (depth === 0 && isRecord(value) && typeof value['content'] === 'string') {
    // A file's content (upload_document, import_csv): its size says what happened; the content itself
    // is the document's (its versions keep it) and has no place in a log that outlives the file.
    const encoding = value['encoding'] === 'base64' ? 'base64' : 'text';
    const described = `[${encoding}, ${value['content'].length.toLocaleString('en-US')} characters]`;
    return { ...(sanitizeForLog({ ...value, content: null }, 0) as object), content: described };
  }
  if (typeof value === 'string') {
    return value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}… (${value.length} characters)` : value;
  }
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '…';
  if (Array.isArray(value)) {
    const items = value.slice(0, MAX_ITEMS).map((item) => sanitizeForLog(item, depth + 1));
    if (value.length > MAX_ITEMS) items.push(`… (${value.length - MAX_ITEMS} more)`);
    return items;
  }
  const out: Record<string, unknown> = {};
  let kept = 0;
  for (const [key, item] of Object.entries(value)) {
    if (kept++ >= MAX_ITEMS) {
      out['…'] = 'more fields omitted';
      break;
    }
    out[key] =
      SECRET_KEY.test(key) && item !== null && item !== undefined ? '[redacted]' : sanitizeForLog(item, depth + 1);
  }
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
