import { z } from 'zod';
import { DATA_KINDS, notSharedMessage, type DataKind } from '../../../shared/data-kinds.js';
import { OpError } from '../../../shared/errors.js';
import { isReadOnly, type Contract, type Face } from '../../../shared/operation.js';
import {
  AssistantPermissions,
  DEFAULT_PERMISSIONS,
  type updateAssistantPermissions,
} from '../../../shared/permissions.js';
import { toolsetLabel, toolsetOf } from '../../../shared/toolsets.js';
import type { Clock, EventSink } from '../catalogue/context.js';
import type { Store } from '../store/store.js';
import { assistantAccess, PERSON_ACCESS, type Access } from './access.js';

const KEY = 'assistant_permissions';
type Patch = z.output<typeof updateAssistantPermissions.input>;

// Rules saved before toolsets existed have no such field: their assistants had every tool there was
// then. A domain added since (the scraper, workflows) waits for the person, as on any installation.
const StoredPermissions = AssistantPermissions.extend({ toolsets: z.array(z.string()).optional() });
const TOOLSETS_BEFORE_TOOLSETS = ['customers', 'sales', 'data', 'documents', 'settings', 'activity'];

/**
 * Refuses a `--toolsets` that names no toolset (a typo, or one from another version of Officina):
 * the assistant would quietly get fewer tools than the person meant.
 */
export function checkProcessToolsets(given: readonly string[] | undefined, known: readonly string[]): void {
  const unknown = (given ?? []).filter((name) => !known.includes(name));
  if (unknown.length === 0) return;
  throw new OpError(
    'invalid_input',
    `--toolsets (or OFFICINA_TOOLSETS) names ${unknown.map((n) => `"${n}"`).join(', ')}, which ` +
      `${unknown.length === 1 ? 'is not a toolset' : 'are not toolsets'}. The toolsets are: ${known.join(', ')}.`,
  );
}

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
  /** The toolsets assistants get in this process: the person's, narrowed by `--toolsets`. */
  toolsets: ReadonlySet<string>;
}

export interface PermissionsDeps {
  store: Store;
  clock: Clock;
  /** Every toolset there is (the domains of the operations assistants can call), in catalogue order. */
  toolsets: readonly string[];
  /**
   * `--toolsets` / OFFICINA_TOOLSETS: this process gives assistants only these, of those the person
   * gave them. It can leave toolsets out, never add one.
   */
  processToolsets?: readonly string[] | undefined;
}

/**
 * The person's rules for assistants. Read from the database on every assistant call (microseconds),
 * so a change made in another process applies at once; parsed again only when the text read differs.
 */
export class PermissionsService {
  private readonly store: Store;
  private readonly clock: Clock;
  private readonly known: readonly string[];
  private readonly processToolsets: ReadonlySet<string> | undefined;
  /** Read on every assistant call: compiled once. */
  private readonly read;
  private parsed: AssistantRules;

  constructor(deps: PermissionsDeps) {
    this.store = deps.store;
    this.clock = deps.clock;
    this.known = deps.toolsets;
    if (deps.processToolsets) this.processToolsets = new Set(deps.processToolsets);
    this.read = this.store.prepare((q) => q.selectFrom('settings').select('value').where('key', '=', KEY));
    this.parsed = this.parsedFrom(undefined, DEFAULT_PERMISSIONS);
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
      const parsed = StoredPermissions.safeParse(JSON.parse(raw));
      // Unreadable rules fail closed: read-only, nothing shared, until the person saves them again.
      permissions = parsed.success
        ? {
            ...parsed.data,
            toolsets: parsed.data.toolsets ?? this.known.filter((name) => TOOLSETS_BEFORE_TOOLSETS.includes(name)),
          }
        : { ...DEFAULT_PERMISSIONS, mode: 'read_only', hidden_data: [...DATA_KINDS], toolsets: [...this.known] };
    }
    this.parsed = this.parsedFrom(raw, permissions);
    return this.parsed;
  }

  update(patch: Patch, known: ReadonlySet<string>, events: EventSink): AssistantPermissions {
    const unknown = (patch.disabled_tools ?? []).filter((name) => !known.has(name));
    if (unknown.length > 0) {
      throw new OpError('invalid_input', `Unknown tools: ${unknown.join(', ')}.`, [
        { path: 'disabled_tools', message: `No tool named ${unknown.join(', ')}` },
      ]);
    }
    const strays = (patch.toolsets ?? []).filter((name) => !this.known.includes(name));
    if (strays.length > 0) {
      throw new OpError(
        'invalid_input',
        `Unknown toolsets: ${strays.join(', ')}. The toolsets are: ${this.known.join(', ')}.`,
        [{ path: 'toolsets', message: `No toolset named ${strays.join(', ')}` }],
      );
    }
    const next: AssistantPermissions = {
      ...this.get(),
      ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)),
    };
    next.disabled_tools = [...new Set(next.disabled_tools)].sort();
    next.hidden_data = DATA_KINDS.filter((kind) => next.hidden_data.includes(kind));
    next.toolsets = this.known.filter((name) => next.toolsets.includes(name));
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
    const { permissions, hidden, toolsets } = known ?? this.current();
    if (permissions.disabled_tools.includes(contract.name)) {
      return {
        allowed: false,
        reason: `The person turned "${contract.name}" off for assistants (Officina → Settings → Assistant permissions).`,
      };
    }
    const toolset = toolsetOf(contract);
    if (!toolsets.has(toolset)) return { allowed: false, reason: this.toolsetOffReason(contract.name, toolset) };
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

  /** Which of the two said no: the person's toolsets, or this process's `--toolsets`. */
  private toolsetOffReason(tool: string, toolset: string): string {
    if (this.processToolsets && !this.processToolsets.has(toolset)) {
      return (
        `"${tool}" is in the ${toolsetLabel(toolset)} toolset (${toolset}), which this Officina server was started ` +
        `without: it gives assistants only ${[...this.processToolsets].join(', ') || 'no toolsets'} (--toolsets or ` +
        'OFFICINA_TOOLSETS in the client’s configuration).'
      );
    }
    return (
      `"${tool}" is in the ${toolsetLabel(toolset)} toolset (${toolset}), which the person has not given assistants ` +
      '(Officina → Settings → Assistant permissions → Toolsets).'
    );
  }

  private parsedFrom(raw: string | undefined, permissions: AssistantPermissions): AssistantRules {
    // Shared by every call until the rules change: frozen, so no caller can change them for the others.
    const own: AssistantPermissions = Object.freeze({
      ...permissions,
      disabled_tools: Object.freeze([...permissions.disabled_tools]) as string[],
      hidden_data: Object.freeze([...permissions.hidden_data]) as DataKind[],
      toolsets: Object.freeze([...permissions.toolsets]) as string[],
    });
    const given = this.processToolsets;
    const toolsets = new Set(own.toolsets.filter((name) => given === undefined || given.has(name)));
    return { raw, permissions: own, hidden: new Set(own.hidden_data), toolsets };
  }
}
