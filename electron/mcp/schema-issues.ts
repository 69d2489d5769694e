import type { z } from 'zod';

/*
 * Zod's issues as sentences for the author of an MCP client: a ZodError's message is a JSON dump of
 * its issues, naming neither the method nor what a field is for.
 */

/** What a field of an MCP request is for, where its name alone does not say. */
const MEANINGS: Record<string, string> = {
  'tools/call params.name': 'the tool’s name',
  'prompts/get params.name': 'the prompt’s name',
  'resources/read params.uri': 'the resource’s URI',
  'resources/subscribe params.uri': 'the resource’s URI',
  'resources/unsubscribe params.uri': 'the resource’s URI',
  'completion/complete params.ref': 'the prompt or resource template whose argument is being completed',
  'completion/complete params.argument': 'the argument’s name and the value typed so far',
  'logging/setLevel params.level': 'debug, info, notice, warning, error, critical, alert or emergency',
};

/**
 * The issues of a request that failed its method's schema, as one line an author can act on:
 * "tools/call needs params.name (a string): the tool’s name", not zod's JSON dump.
 */
export function describeParamsIssues(method: string, issues: readonly z.core.$ZodIssue[], request: unknown): string {
  const missing: string[] = [];
  const wrong: string[] = [];
  for (const issue of issues.slice(0, 3)) {
    const path = pathOf(issue.path);
    const meaning = MEANINGS[`${method} ${path}`];
    if (valueAt(request, issue.path) === undefined) {
      const type = issue.code === 'invalid_type' ? ` (${article(issue.expected)})` : '';
      missing.push(`${path}${type}${meaning ? `: ${meaning}` : ''}`);
    } else {
      wrong.push(describeIssue(issue, request));
    }
  }
  const parts = [...(missing.length ? [`needs ${listed(missing)}`] : []), ...wrong];
  return missing.length ? `${method} ${parts.join('; ')}` : `${method}: ${parts.join('; ')}`;
}

/** Schema issues as one line: what is wrong where, the first three of them. */
export function describeIssues(issues: readonly z.core.$ZodIssue[], value?: unknown): string {
  return issues
    .slice(0, 3)
    .map((issue) => describeIssue(issue, value))
    .join('; ');
}

function describeIssue(issue: z.core.$ZodIssue, value: unknown): string {
  const path = pathOf(issue.path) || 'the message';
  switch (issue.code) {
    case 'invalid_type':
      return `${path} must be ${article(issue.expected)}, not ${kindOf(valueAt(value, issue.path))}`;
    case 'unrecognized_keys':
      return `${path} has members it may not have: ${issue.keys.join(', ')}`;
    case 'invalid_union':
      return `${path} has none of the shapes allowed here`;
    default:
      return `${path}: ${issue.message}`;
  }
}

/** "a; b; and c": the items may hold commas of their own. */
function listed(items: readonly string[]): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join('; ')}; and ${items.at(-1)}`;
}

function pathOf(path: readonly PropertyKey[]): string {
  return path.map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i ? '.' : ''}${String(key)}`)).join('');
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let at = value;
  for (const key of path) {
    if (typeof at !== 'object' || at === null) return undefined;
    at = (at as Record<PropertyKey, unknown>)[key];
  }
  return at;
}

/** "a string", "an array", "null": what a value is, in a sentence. */
export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return article(typeof value);
}

function article(type: string): string {
  const name = type === 'record' ? 'object' : type;
  return /^[aeiou]/.test(name) ? `an ${name}` : `a ${name}`;
}
