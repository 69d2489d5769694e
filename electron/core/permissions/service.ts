import type { z } from 'zod';
import { OpError } from '../../../shared/errors.js';
import { isReadOnly, type Contract, type Face } from '../../../shared/operation.js';
import {
  AssistantPermissions,
  DEFAULT_PERMISSIONS,
  type updateAssistantPermissions,
} from '../../../shared/permissions.js';
import type { Clock, EventSink } from '../catalogue/context.js';
import type { Store } from '../store/store.js';

const KEY = 'assistant_permissions';
type Patch = z.output<typeof updateAssistantPermissions.input>;

/** The faces an assistant uses; the person's UI is never restricted by these settings. */
export function isAssistantFace(face: Face): boolean {
  return face === 'mcp' || face === 'workflow';
}

export type Verdict = { allowed: true; confirm: boolean } | { allowed: false; reason: string };

/**
 * The person's rules for assistants. Read from the database on every assistant call (microseconds),
 * so a change made in another process applies at once, with no cache to invalidate.
 */
export class PermissionsService {
  private readonly store: Store;
  private readonly clock: Clock;
  /** Read on every assistant call: compiled once. */
  private readonly read;

  constructor(deps: { store: Store; clock: Clock }) {
    this.store = deps.store;
    this.clock = deps.clock;
    this.read = this.store.prepare((q) => q.selectFrom('settings').select('value').where('key', '=', KEY));
  }

  get(): AssistantPermissions {
    const row = this.read.first();
    if (!row) return DEFAULT_PERMISSIONS;
    const parsed = AssistantPermissions.safeParse(JSON.parse(row.value));
    // Unreadable rules fail closed: read-only until the person saves them again.
    return parsed.success ? parsed.data : { ...DEFAULT_PERMISSIONS, mode: 'read_only' };
  }

  update(patch: Patch, known: ReadonlySet<string>, events: EventSink): AssistantPermissions {
    const unknown = (patch.disabled_tools ?? []).filter((name) => !known.has(name));
    if (unknown.length > 0) {
      throw new OpError('invalid_input', `Unknown tools: ${unknown.join(', ')}.`, [
        { path: 'disabled_tools', message: `No tool named ${unknown.join(', ')}` },
      ]);
    }
    const next: AssistantPermissions = {
      ...this.get(),
      ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)),
    };
    next.disabled_tools = [...new Set(next.disabled_tools)].sort();
    const now = this.clock.now().toISOString();
    const value = JSON.stringify(next);
    this.store.run(
      this.store.query
        .insertInto('settings')
        .values({ key: KEY, value, updated_at: now })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now })),
    );
    events.emit({ type: 'permissions.changed' });
    return next;
  }

  /** May an assistant on `face` call this operation, and must the person confirm it first? */
  check(contract: Contract, face: Face, known?: AssistantPermissions): Verdict {
    if (!isAssistantFace(face)) return { allowed: true, confirm: false };
    const permissions = known ?? this.get();
    if (permissions.disabled_tools.includes(contract.name)) {
      return {
        allowed: false,
        reason: `The person turned "${contract.name}" off for assistants (Officina → Settings → Assistant permissions).`,
      };
    }
    if (permissions.mode === 'read_only' && !isReadOnly(contract)) {
      return {
        allowed: false,
        reason: `Officina is read-only for assistants, so "${contract.name}" cannot run; the person can change this in Settings → Assistant permissions.`,
      };
    }
    return { allowed: true, confirm: permissions.confirm_destructive && contract.annotations.destructiveHint === true };
  }
}
