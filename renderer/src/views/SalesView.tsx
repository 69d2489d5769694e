import { IconShoppingCart } from '@tabler/icons-react';
import { PlannedDomain } from '../components/PlannedDomain.js';

export function SalesView() {
  return (
    <PlannedDomain title="Sales" icon={IconShoppingCart}>
      Sales is not built yet. It will hold your products and their stock, take orders for your customers, record
      payments and shipments, and show how sales are going over time — and, like everything in Officina, your assistant
      will be able to do the same through MCP, with each step listed under Activity.
    </PlannedDomain>
  );
}
