import { z } from 'zod';
import { defineContract } from '../operation.js';
import { IdLike } from '../schemas.js';

export const ORDER_DOCUMENT_KINDS = ['invoice', 'packing_slip'] as const;
export type OrderDocumentKind = (typeof ORDER_DOCUMENT_KINDS)[number];

// An invoice and a packing slip carry the customer's name and address: no redacted form of them is
// worth printing, so without customers the call is refused.
export const renderOrderDocument = defineContract({
  name: 'render_order_document',
  domain: 'sales',
  reveals: ['sales', 'customers'],
  title: 'Render invoice or packing slip',
  description: 'An order’s invoice or packing slip as a PDF (base64), headed with the business details in settings.',
  input: z.strictObject({
    order_id: IdLike,
    kind: z.enum(ORDER_DOCUMENT_KINDS, { error: 'kind must be invoice or packing_slip' }),
  }),
  output: z.object({
    filename: z.string(),
    content_type: z.literal('application/pdf'),
    encoding: z.literal('base64'),
    content: z.string(),
  }),
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
});

export const orderDocumentContracts = [renderOrderDocument] as const;
