import { OpError } from '../../../shared/errors.js';
import { toMinorUnits } from '../../../shared/money.js';

/** Major → minor units, or invalid_input naming the field when the amount has too many decimals. */
export function minorOrThrow(amount: number, currency: string, path: string): number {
  const minor = toMinorUnits(amount, currency);
  if (typeof minor === 'string') throw new OpError('invalid_input', `${path}: ${minor}.`, [{ path, message: minor }]);
  return minor;
}
