/**
 * Text cells of every CSV Officina writes, and how import reads them back.
 *
 * A spreadsheet runs a cell that starts with = + - @ (or a tab or carriage return before one) as a
 * formula: `=HYPERLINK(…)` leaks data when clicked, `=cmd|'/c calc'!A1` starts programs through DDE
 * (OWASP, "CSV injection"). Names, notes and addresses come from people, pasted files and
 * assistants, so such a text cell gets a leading apostrophe, which makes it plain text.
 *
 * Only text is defused. A number written from a number (an amount, a count, -5) is digits with a sign,
 * a point and maybe an exponent, which a spreadsheet reads as that number and nothing else; an
 * apostrophe would turn amounts into text that no longer sums.
 *
 * Import undoes exactly what export added, so an exported file imports back to the same values. For
 * that to hold for text that already began with apostrophes before a formula character ("'=x"),
 * export adds one more to those too; import takes one away only where export would have put it.
 */
const DEFUSED_BY_EXPORT = /^'*[=+\-@\t\r]/;
const ADDED_BY_EXPORT = /^'+[=+\-@\t\r]/;

/** A text cell as it goes into a CSV file: an apostrophe before anything a spreadsheet would run. */
export function defuseFormula(text: string): string {
  return DEFUSED_BY_EXPORT.test(text) ? `'${text}` : text;
}

/** A cell read from a CSV file: without the apostrophe `defuseFormula` put there, otherwise as given. */
export function restoreFormula(text: string): string {
  return ADDED_BY_EXPORT.test(text) ? text.slice(1) : text;
}
