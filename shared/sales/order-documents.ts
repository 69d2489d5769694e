import { z } from 'zod';
import { defineContract } from '../operation.js';
import { IdLike } from '../schemas.js';

export const ORDER_DOCUMENT_KINDS = ['invoice', 'packing_slip'] as const;
export type OrderDocumentKind = (typeof ORDER_DOCUMENT_KINDS)[number];

/** Where a saved invoice or packing slip goes in the vault unless a folder is given. */
export const ORDER_DOCUMENT_FOLDERS: Record<OrderDocumentKind, string> = {
  invoice: 'invoices',
  packing_slip: 'packing-slips',
};

// An invoice and a packing slip carry the customer's name and address: no redacted form of them is
// worth printing, so without customers the call is refused. Saving one in the vault needs documents
// too (checked per call: the PDF itself does not).
export const renderOrderDocument = defineContract({
  name: 'render_order_document',
  domain: 'sales',
  reveals: ['sales', 'customers', 'documents'],
  redacts: ['documents'],
  title: 'Render invoice or packing slip',
  description:
    'An order’s invoice or packing slip as a PDF (base64), headed with the business details in settings. ' +
    '`save_to_vault` also keeps it as a new document (in `folder`, default invoices/ or packing-slips/; ' +
    'never over a file), tagged and with order_id and customer_id fields.',
  input: z
    .strictObject({
      order_id: IdLike,
      kind: z.enum(ORDER_DOCUMENT_KINDS, { error: 'kind must be invoice or packing_slip' }),
      save_to_vault: z.boolean().default(false),
      folder: z.string().max(1024, 'paths are at most 1024 characters').optional(),
    })
    .refine((v) => v.folder === undefined || v.save_to_vault, {
      message: 'folder says where save_to_vault puts the file: give save_to_vault: true with it',
      path: ['folder'],
    }),
  output: z.object({
    filename: z.string(),
    content_type: z.literal('application/pdf'),
    encoding: z.literal('base64'),
    content: z.string(),
    document_id: z.string().nullable().describe('Where it was saved in the vault (save_to_vault), else null'),
  }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
});

export const orderDocumentContracts = [renderOrderDocument] as const;
