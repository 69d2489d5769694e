import type { z } from 'zod';
import { DATA_KINDS, notSharedMessage, type DataKind } from '../../../shared/data-kinds.js';
import { OpError } from '../../../shared/errors.js';
import { isReadOnly, type Contract, type Face } from '../../../shared/operation.js';
import {
  AssistantPermissions,
  DEFAULT_PERMISSIONS,
  type updateAssistantPermissions,
} from '../../../shared/permissions.js';
import type { Clock, EventSink } from '../catalogue/context.js';
import type { Store } from '../store/store.js';
import { assistantAccess, PERSON_ACCESS, type Access } from './access.js';

const KEY = 'assistant_permissions';
type Patch = z.output<typeof updateAssistantPermissions.input>;

/** The faces an assistant uses; the person's UI is never restricted by these settings. */
export function isAssistantFace(face: Face): boolean {
  return face === 'mcp' || face === 'workflow';
}

export type Verdict = { allowed: true; confirm: boolean } | { allowed: false; reason: string };

/** The rules as stored, and the kinds they hide as a set: parsed once per change, not per call. */
export interface AssistantRules {
  raw: string | undefined;
  permissions: AssistantPermissions;
  hidden: ReadonlySet<DataKind>;
}

/**
 * The person's rules for assistants. Read from the database on every assistant call (microseconds),
 * so a change made in another process applies at once; parsed again only when the text read differs.
 */
export class PermissionsService {
  private readonly store: Store;
  private readonly clock: Clock;
  /** Read on every assistant call: compiled once. */
  private readonly read;
  private parsed: AssistantRules = parsedFrom(undefined, DEFAULT_PERMISSIONS);

  constructor(deps: { store: Store; clock: Clock }) {
    this.store = deps.store;
    this.clock = deps.clock;
    this.read = this.store.prepare((q) => q.selectFrom('settings').select('value').where('key', '=', KEY));
  }

  get(): AssistantPermissions {
    return this.current().permissions;
  }

  /** The stored rules, parsed again only when the stored text changed (here or in another process). */
  private current(): AssistantRules {
    const raw = this.read.first()?.value;
    if (raw === this.parsed.raw) return this.parsed;
    let permissions = DEFAULT_PERMISSIONS;
    if (raw !== undefined) {
      const parsed = AssistantPermissions.safeParse(JSON.parse(raw));
      // Unreadable rules fail closed: read-only, nothing shared, until the person saves them again.
      permissions = parsed.success
        ? parsed.data
        : { ...DEFAULT_PERMISSIONS, mode: 'read_only', hidden_data: [...DATA_KINDS] };
    }
    this.parsed = parsedFrom(raw, permissions);
    return this.parsed;
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
    next.hidden_data = DATA_KINDS.filter((kind) => next.hidden_data.includes(kind));
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

  /**
   * The rules for a call from `face`: undefined for the person, whom they never restrict. Catalogue
   * reads them once per call and passes them to `check` and `access`.
   */
  rulesFor(face: Face): AssistantRules | undefined {
    return isAssistantFace(face) ? this.current() : undefined;
  }

  /** What a caller on `face` may see, for the operation's ctx. */
  access(face: Face, rules: AssistantRules | undefined, contractOf: (name: string) => Contract | undefined): Access {
    return rules ? assistantAccess(face, rules.permissions, rules.hidden, contractOf) : PERSON_ACCESS;
  }

  /** May an assistant on `face` call this operation, and must the person confirm it first? */
  check(contract: Contract, face: Face, known?: AssistantRules): Verdict {
    if (!isAssistantFace(face)) return { allowed: true, confirm: false };
    const { permissions, hidden } = known ?? this.current();
    if (permissions.disabled_tools.includes(contract.name)) {
      return {
        allowed: false,
        reason: `The person turned "${contract.name}" off for assistants (Officina → Settings → Assistant permissions).`,
      };
    }
    if (hidden.size > 0) {
      const kind = contract.reveals.find((k) => hidden.has(k) && !contract.redacts.includes(k));
      if (kind) return { allowed: false, reason: notSharedMessage(kind) };
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

function parsedFrom(raw: string | undefined, permissions: AssistantPermissions): AssistantRules {
  // Shared by every call until the rules change: frozen, so no caller can change them for the others.
  const own: AssistantPermissions = Object.freeze({
    ...permissions,
    disabled_tools: Object.freeze([...permissions.disabled_tools]) as string[],
    hidden_data: Object.freeze([...permissions.hidden_data]) as DataKind[],
  });
  return { raw, permissions: own, hidden: new Set(own.hidden_data) };
}
