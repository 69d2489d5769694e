import { notSharedMessage, type DataKind } from '../../../shared/data-kinds.js';
import { OpError } from '../../../shared/errors.js';
import type { Contract, Face } from '../../../shared/operation.js';
import type { AssistantPermissions } from '../../../shared/permissions.js';

/**
 * What the caller of an operation may see, on its ctx: everything for the person; for an assistant,
 * what the person shares. Operations that `redact` a kind read it to leave that kind out.
 */
export interface Access {
  /** Kinds of data kept from the caller: empty for the person. */
  readonly hidden: ReadonlySet<DataKind>;
  /**
   * May the caller see what a call of `operation` took and gave? Not when the operation is unknown,
   * person-only or turned off for it, or reveals a kind kept from it. list_activity asks per entry.
   * Toolsets are not asked: they choose which tools an assistant is given, not which data it may see
   * (the kinds of data do that), so the person's sales calls stay readable with the sales tools off.
   */
  mayRead(operation: string): boolean;
  /** Refuses (forbidden) a call that needs `kind` when the kind is kept from the caller. */
  require(kind: DataKind): void;
}

const NOTHING_HIDDEN: ReadonlySet<DataKind> = new Set();

/** The person: sees everything. */
export const PERSON_ACCESS: Access = {
  hidden: NOTHING_HIDDEN,
  mayRead: () => true,
  require: () => undefined,
};

export function assistantAccess(
  face: Face,
  permissions: AssistantPermissions,
  hidden: ReadonlySet<DataKind>,
  contractOf: (name: string) => Contract | undefined,
): Access {
  return {
    hidden,
    mayRead(operation) {
      const contract = contractOf(operation);
      return (
        contract !== undefined &&
        contract.faces.includes(face) &&
        !permissions.disabled_tools.includes(operation) &&
        !contract.reveals.some((kind) => hidden.has(kind))
      );
    },
    require(kind) {
      if (hidden.has(kind)) throw new OpError('forbidden', notSharedMessage(kind));
    },
  };
}
