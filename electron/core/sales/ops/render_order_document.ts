import { renderOrderDocument } from '../../../../shared/sales/order-documents.js';
import { implement } from '../../catalogue/operation.js';
import { orderDocumentDefinition, orderDocumentFilename, renderOrderDocumentPdf } from '../order-documents.js';

export const renderOrderDocumentOp = implement(renderOrderDocument, async (ctx, input) => {
  const { orders, payments, settings } = ctx.services;
  // Everything is read before the first await, so the document shows one moment of the order.
  const order = orders.get(input.order_id);
  const paid = input.kind === 'invoice' ? payments.list({ order_id: order.id, limit: 500 }).items : [];
  const definition = orderDocumentDefinition(input.kind, order, paid, settings.get());
  const pdf = await renderOrderDocumentPdf(definition);
  return {
    filename: orderDocumentFilename(order.id, input.kind),
    content_type: 'application/pdf' as const,
    encoding: 'base64' as const,
    content: pdf.toString('base64'),
  };
});
