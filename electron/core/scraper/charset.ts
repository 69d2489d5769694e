/**
 * Which encoding a page is in, the way browsers decide (WHATWG encoding sniffing, simplified): a
 * byte-order mark, then the Content-Type header's charset, then a <meta> in the first 1024 bytes,
 * then UTF-8 if the bytes are valid UTF-8, else windows-1252 (what a browser falls back to).
 * TextDecoder knows every label the Encoding Standard names (Node ships full ICU).
 */
export function detectCharset(body: Uint8Array, contentType: string | null): { charset: string; source: string } {
  const bom = fromBom(body);
  if (bom) return { charset: bom, source: 'bom' };
  const header = charsetParam(contentType);
  if (header) return { charset: header, source: 'header' };
  const meta = fromMeta(body);
  if (meta) return { charset: meta, source: 'meta' };
  return { charset: isValidUtf8(body) ? 'utf-8' : 'windows-1252', source: 'sniffed' };
}

export function decode(body: Uint8Array, charset: string): string {
  // ignoreBOM: false (the default) drops a BOM that matches the encoding.
  return new TextDecoder(charset).decode(body);
}

/** A label TextDecoder understands, in its canonical name; undefined for unknown labels. */
function known(label: string | undefined): string | undefined {
  if (!label) return undefined;
  try {
    return new TextDecoder(label.trim().replace(/^["']|["']$/g, '')).encoding;
  } catch {
    return undefined;
  }
}

function fromBom(body: Uint8Array): string | undefined {
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) return 'utf-8';
  if (body[0] === 0xfe && body[1] === 0xff) return 'utf-16be';
  if (body[0] === 0xff && body[1] === 0xfe) return 'utf-16le';
  return undefined;
}

function charsetParam(contentType: string | null): string | undefined {
  if (!contentType) return undefined;
  const match = /;\s*charset\s*=\s*("?)([^";\s]+)\1/i.exec(contentType);
  return known(match?.[2]);
}

function fromMeta(body: Uint8Array): string | undefined {
  const head = Buffer.from(body.subarray(0, 1024)).toString('latin1');
  const direct = /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head);
  const label = known(direct?.[1]);
  if (!label) return undefined;
  // A page whose <meta> could be read as ASCII is not UTF-16, whatever it says (the spec reads UTF-8).
  return label.startsWith('utf-16') ? 'utf-8' : label;
}

function isValidUtf8(body: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(body);
    return true;
  } catch {
    return false;
  }
}
