import type { Address } from '../../../shared/customers.js';
import { addressLines } from '../address.js';

/** An address in its country's format, a line each. */
export function AddressLines({ address }: { address: Address }) {
  return (
    <div>
      {addressLines(address).map((line, i) => (
        <div key={i}>{line}</div>
      ))}
    </div>
  );
}
