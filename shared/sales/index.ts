import { analyticsContracts } from './analytics.js';
import { inventoryContracts } from './inventory.js';
import { orderDocumentContracts } from './order-documents.js';
import { orderContracts } from './orders.js';
import { paymentContracts } from './payments.js';
import { productContracts } from './products.js';
import { shippingContracts } from './shipping.js';

export const salesContracts = [
  ...productContracts,
  ...inventoryContracts,
  ...orderContracts,
  ...orderDocumentContracts,
  ...paymentContracts,
  ...shippingContracts,
  ...analyticsContracts,
] as const;
