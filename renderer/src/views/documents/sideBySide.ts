export interface Change {
  kind: 'same' | 'added' | 'removed';
  text: string;
}

/** One line of each side; a number is null where that side has no line (an addition or removal). */
export interface DiffRow {
  kind: 'same' | 'changed' | 'added' | 'removed';
  left: { number: number; text: string } | null;
  right: { number: number; text: string } | null;
}

function linesOf(text: string): string[] {
  const lines = text.split('\n');
  // A run's text ends with the newline of its last line.
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/**
 * The runs of a line diff as the rows of a two-column view: unchanged lines on both sides, a removal
 * followed by an addition paired line by line (a changed line), the rest on their own side.
 */
export function sideBySide(changes: Change[]): DiffRow[] {
  const rows: DiffRow[] = [];
  let left = 1;
  let right = 1;
  for (let i = 0; i < changes.length; i++) {
    const change = changes[i];
    if (!change) continue;
    if (change.kind === 'same') {
      for (const text of linesOf(change.text)) {
        rows.push({ kind: 'same', left: { number: left++, text }, right: { number: right++, text } });
      }
      continue;
    }
    let removed: string[] = [];
    let added: string[] = [];
    if (change.kind === 'removed') {
      removed = linesOf(change.text);
      const next = changes[i + 1];
      if (next?.kind === 'added') {
        added = linesOf(next.text);
        i++;
      }
    } else {
      added = linesOf(change.text);
    }
    for (let k = 0; k < Math.max(removed.length, added.length); k++) {
      const l = removed[k];
      const r = added[k];
      rows.push({
        kind: l !== undefined && r !== undefined ? 'changed' : l !== undefined ? 'removed' : 'added',
        left: l === undefined ? null : { number: left++, text: l },
        right: r === undefined ? null : { number: right++, text: r },
      });
    }
  }
  return rows;
}
