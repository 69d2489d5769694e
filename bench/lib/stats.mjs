// Small helpers shared by the benchmarks: percentiles, formatting, target verdicts.

/** Nearest-rank percentile of an already sorted array (p in 0..100). */
export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

/** p50/p95/max/mean of a list of durations in milliseconds. */
export function summarize(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const sum = sorted.reduce((s, v) => s + v, 0);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    max: sorted.at(-1) ?? NaN,
    mean: sum / sorted.length,
  };
}

export function median(values) {
  return percentile(
    [...values].sort((a, b) => a - b),
    50,
  );
}

/** Milliseconds with enough digits for sub-millisecond figures. */
export function ms(value) {
  if (!Number.isFinite(value)) return 'n/a';
  if (value < 1) return `${value.toFixed(3)} ms`;
  if (value < 100) return `${value.toFixed(2)} ms`;
  return `${value.toFixed(0)} ms`;
}

export function int(value) {
  return Math.round(value).toLocaleString('en-US');
}

export function ratio(value) {
  return `${value.toFixed(2)}×`;
}

/** PASS/MISS for the reader; the bench never fails on a timing (DESIGN.md: tests never assert timings). */
export function verdict(ok) {
  return ok ? 'PASS' : 'MISS';
}

/**
 * A plain-text table; rows are arrays of strings. Text columns (the first, and any whose cells are
 * mostly not figures) are left-aligned, figures right-aligned.
 */
export function table(header, rows) {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => String(r[i] ?? '').length)));
  const figure = /^[-+]?[\d.,]+(\s*(ms|s|µs|×|%))?$/;
  const left = header.map(
    (_, i) => i === 0 || rows.filter((r) => figure.test(String(r[i] ?? '').trim())).length < rows.length / 2,
  );
  const line = (r) =>
    r
      .map((cell, i) => (left[i] ? String(cell ?? '').padEnd(widths[i]) : String(cell ?? '').padStart(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function heading(text) {
  return `\n=== ${text} ${'='.repeat(Math.max(0, 76 - text.length))}`;
}
