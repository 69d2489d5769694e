/** One row of the selector editor: a name and a CSS selector, and an attribute to take instead of the text. */
export interface SelectorRow {
  key: number;
  name: string;
  selector: string;
  attribute: string;
}

let nextKey = 1;
export function newRow(name = '', selector = '', attribute = ''): SelectorRow {
  return { key: nextKey++, name, selector, attribute };
}

/** The rows the person filled in, as the operations take them (null when there are none). */
export function selectorsOf(
  rows: readonly SelectorRow[],
): Record<string, string | { selector: string; attribute: string }> | null {
  const filled = rows.filter((r) => r.selector.trim() !== '');
  if (filled.length === 0) return null;
  return Object.fromEntries(
    filled.map((r, index) => {
      const name = r.name.trim() || `item ${index + 1}`;
      const selector = r.selector.trim();
      return [name, r.attribute.trim() ? { selector, attribute: r.attribute.trim() } : selector];
    }),
  );
}
