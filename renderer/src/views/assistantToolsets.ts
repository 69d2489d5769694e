import { contracts } from '../../../shared/contracts.js';
import { toolsetsOf, type Toolset } from '../../../shared/toolsets.js';

let cached: Toolset[] | undefined;

/** Every toolset an assistant can be given, in catalogue order: from the contracts, so a new domain shows up. */
export function assistantToolsets(): Toolset[] {
  cached ??= toolsetsOf(contracts);
  return cached;
}
