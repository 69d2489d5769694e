import { TOOLSET_TEXT } from '../../shared/toolsets.js';

/**
 * What a client (and its model) is told once, at initialize: what Officina holds, that its tools come in
 * toolsets the person chooses, and the conventions every tool follows, said here once instead of in
 * every schema. Built from the toolsets' own text, so a domain that has one is named here too.
 */
export function serverInstructions(): string {
  const toolsets = Object.values(TOOLSET_TEXT)
    .map(({ label, about }) => `${label}: ${about.replace(/\.$/, '')}`)
    .join('; ');
  return [
    'Officina is the person’s local back office. Its tools come in toolsets that the person gives assistants in ' +
      `Officina (Settings → Assistant permissions). ${toolsets}.`,
    'tools/list has the tools you may use now; it changes when the person changes this (you get ' +
      'notifications/tools/list_changed). If the person asks for something of a toolset you do not have, tell ' +
      'them which toolset to turn on, and where.',
    'Every call you make is shown to the person in the app’s activity log.',
    'Conventions: ids are integers. Money amounts are decimals in the major unit of the record’s currency ' +
      '(10.5 USD). Times are ISO-8601 UTC. A tool that lists returns { items, next_cursor }: pass next_cursor as ' +
      'cursor for the next page; it is null on the last one. For an optional parameter, null is the same as ' +
      'leaving it out, except in updates, where null clears the field. Errors say what to fix.',
  ].join('\n\n');
}
