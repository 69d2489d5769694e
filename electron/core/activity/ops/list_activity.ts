import type { ActivityEntry } from '../../../../shared/activity.js';
import { listActivity } from '../../../../shared/activity.js';
import { implement } from '../../catalogue/operation.js';
import type { Access } from '../../permissions/access.js';

export const listActivityOp = implement(listActivity, (ctx, input) => {
  const page = ctx.services.activity.list(input);
  return { ...page, items: page.items.map((entry) => readableBy(ctx.access, entry)) };
});

/**
 * An entry as the caller may see it: the input (and the error message, which may quote it) of a call
 * the caller could not make or read itself is left out, saying so. Who called what, when, and how it
 * ended stay: an assistant's work, and the person's, remain visible as work.
 */
function readableBy(access: Access, entry: ActivityEntry): ActivityEntry {
  if (access.mayRead(entry.operation)) return entry;
  // The record's name and the changed values are the same data as the input: hidden with it.
  const subject = entry.subject ? { ...entry.subject, name: null } : null;
  return { ...entry, input: null, error_message: null, input_hidden: true, subject, changes: null };
}
