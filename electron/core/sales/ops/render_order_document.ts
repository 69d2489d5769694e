import { ORDER_DOCUMENT_FOLDERS, renderOrderDocument } from '../../../../shared/sales/order-documents.js';
import { implement } from '../../catalogue/operation.js';
import { orderDocumentDefinition, orderDocumentFilename, renderOrderDocumentPdf } from '../order-documents.js';

// Not one catalogue transaction: the PDF is made first (slow), then saved in the vault's own short one.
export const renderOrderDocumentOp = implement(
  renderOrderDocument,
  async (ctx, input) => {
    const { orders, payments, settings } = ctx.services;
    // The vault is the documents' data: saving there needs them shared, the PDF alone does not.
    if (input.save_to_vault) ctx.access.require('documents');
    // Everything is read before the first await, so the document shows one moment of the order.
    const order = orders.get(input.order_id);
    const paid = input.kind === 'invoice' ? payments.list({ order_id: order.id, limit: 500 }).items : [];
    const definition = orderDocumentDefinition(input.kind, order, paid, settings.get());
    const pdf = await renderOrderDocumentPdf(definition);
    const filename = orderDocumentFilename(order.id, input.kind);
    let documentId: string | null = null;
    if (input.save_to_vault) {
      const what = input.kind === 'invoice' ? 'Invoice' : 'Packing slip';
      const saved = await ctx.services.vault.saveNew(
        ctx,
        { folder: input.folder ?? ORDER_DOCUMENT_FOLDERS[input.kind], name: filename, field: 'folder' },
        pdf,
        {
          title: `${what} for order #${order.id}`,
          tags: [input.kind === 'invoice' ? 'invoice' : 'packing-slip', `order-${order.id}`],
          // Documents have no links to records: these fields say which order and customer it is for.
          custom: { order_id: order.id, customer_id: order.customer_id, customer: order.customer_name },
        },
      );
      documentId = saved.document_id;
    }
    return {
      filename,
      content_type: 'application/pdf' as const,
      encoding: 'base64' as const,
      content: pdf.toString('base64'),
      document_id: documentId,
    };
  },
  { transaction: false },
);
