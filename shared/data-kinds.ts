import { z } from 'zod';

/**
 * The kinds of data the person may keep from assistants. Every operation declares which it reveals
 * (in what it takes, returns, or leaves in the activity log), so permissions are about data, not tool
 * names: hiding a kind hides it on every path.
 */
export const DATA_KINDS = ['customers', 'sales', 'documents', 'activity'] as const;
export type DataKind = (typeof DATA_KINDS)[number];

export const DataKindSchema = z.enum(DATA_KINDS, {
  error: `a kind of data is one of ${DATA_KINDS.join(', ')}`,
});

/** The refusal an assistant gets for a kind the person keeps from it: what, and where to change it. */
export function notSharedMessage(kind: DataKind): string {
  return `The person has not shared ${kind} with assistants (Settings → Assistant permissions).`;
}

/** What a redacted text field says in place of the value, so an assistant knows it is withheld, not empty. */
export function withheld(kind: DataKind): string {
  return `[hidden: the person has not shared ${kind} with assistants]`;
}
