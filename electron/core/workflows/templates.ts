import type { z } from 'zod';
import type { WorkflowStep, WorkflowTemplate } from '../../../shared/workflows.js';

type Template = Omit<z.infer<typeof WorkflowTemplate>, 'steps'> & { steps: WorkflowStep[] };

/** The seed's three exercises, against Officina's real operations. */
export const TEMPLATES: readonly Template[] = [
  {
    template_id: 'order_fulfilment',
    name: 'Order fulfilment',
    description:
      'A new order: place it (its stock is reserved), record the payment (with an idempotency key, so a retry ' +
      'never pays twice), ship it, and leave a confirmation email draft in the vault’s outbox.',
    context_example: {
      customer_id: 1,
      items: [{ product_id: 'SKU-1', quantity: 2 }],
      payment_method: 'card',
      service: 'Standard',
    },
    trigger: { type: 'manual' },
    steps: [
      {
        id: 'order',
        name: 'Place the order (reserves stock)',
        tool_name: 'create_order',
        parameters: { customer_id: '{{ context.customer_id }}', items: '{{ context.items }}' },
      },
      {
        id: 'payment',
        name: 'Record the payment',
        tool_name: 'process_payment',
        parameters: {
          amount: '{{ steps.order.output.total }}',
          currency: '{{ steps.order.output.currency }}',
          payment_method: '{{ context.?payment_method.orValue("card") }}',
          order_id: '{{ steps.order.output.id }}',
          idempotency_key: 'workflow-run-{{ run.id }}-payment',
        },
        retry_count: 2,
        idempotent: true,
      },
      {
        id: 'shipment',
        name: 'Create the shipment',
        tool_name: 'create_shipment',
        parameters: { order_id: '{{ steps.order.output.id }}', service: '{{ context.?service.orValue("Standard") }}' },
      },
      {
        id: 'email',
        name: 'Write the confirmation email',
        kind: 'transform',
        output: {
          subject: 'Your order {{ steps.order.output.id }} is on its way',
          body:
            'Hello {{ steps.order.output.customer_name }},\n\nWe received your payment of {{ steps.order.output.total }} ' +
            '{{ steps.order.output.currency }} and shipped your order {{ steps.order.output.id }} ' +
            '(shipment {{ steps.shipment.output.id }}).\n\nThank you!',
        },
      },
      {
        id: 'draft',
        name: 'Save the draft in the outbox',
        tool_name: 'upload_document',
        parameters: {
          content: '# {{ steps.email.output.subject }}\n\n{{ steps.email.output.body }}\n',
          destination: 'outbox/order-{{ steps.order.output.id }}-confirmation.md',
          overwrite: true,
        },
        idempotent: true,
      },
    ],
  },
  {
    template_id: 'contacts_pipeline',
    name: 'Contacts from a web page',
    description:
      'Data pipeline: read a page, pick out its email addresses, keep the well-formed ones, drop duplicates, make ' +
      'customers of the new ones, and export a CSV report to the vault.',
    context_example: { url: 'https://example.com/team' },
    trigger: { type: 'manual' },
    steps: [
      {
        id: 'scrape',
        name: 'Read the page',
        tool_name: 'scrape_website',
        parameters: { url: '{{ context.url }}', format: 'html' },
      },
      {
        id: 'extract',
        name: 'Find email addresses',
        tool_name: 'extract_emails',
        parameters: { html: '{{ steps.scrape.output.content }}' },
      },
      {
        id: 'check',
        name: 'Keep well-formed addresses',
        kind: 'validate',
        items: '{{ steps.extract.output.emails }}',
        rules: [
          { check: 'item.email.matches("^[^@\\\\s]+@[^@\\\\s]+[.][A-Za-z]{2,}$")', message: 'not an email address' },
        ],
      },
      {
        id: 'dedupe',
        name: 'Drop duplicates',
        kind: 'transform',
        output: { emails: '{{ distinct(steps.check.output.valid.map(e, e.email.lowerAscii())) }}' },
      },
      {
        id: 'import',
        name: 'Make customers of new contacts',
        tool_name: 'import_contacts_as_customers',
        condition: 'size(steps.dedupe.output.emails) > 0',
        parameters: { text: '{{ steps.dedupe.output.emails.join("\\n") }}', tags: ['web'] },
      },
      {
        id: 'report',
        name: 'Export the report',
        kind: 'export',
        format: 'csv',
        data: '{{ steps.dedupe.output.emails.map(e, {"email": e, "source": context.url}) }}',
        destination: 'reports/contacts-run-{{ run.id }}.csv',
      },
    ],
  },
  {
    template_id: 'document_approval',
    name: 'Document approval',
    description:
      'Write a draft into the vault, send it for review, then approve and publish it — or send it back with a ' +
      'comment when context.approve is false.',
    context_example: { path: 'policies/returns.md', content: '# Returns\n\n30 days.', approve: true },
    trigger: { type: 'manual' },
    steps: [
      {
        id: 'draft',
        name: 'Write the draft',
        tool_name: 'upload_document',
        parameters: { content: '{{ context.content }}', destination: '{{ context.path }}', overwrite: true },
        idempotent: true,
      },
      {
        id: 'review',
        name: 'Send for review',
        tool_name: 'submit_for_review',
        parameters: { document_id: '{{ steps.draft.output.document_id }}' },
      },
      {
        id: 'decide',
        name: 'Approved?',
        kind: 'condition',
        if: 'context.?approve.orValue(true)',
        then: 'approve',
        else: 'changes',
      },
      {
        id: 'approve',
        name: 'Approve',
        tool_name: 'approve_document',
        parameters: { document_id: '{{ steps.draft.output.document_id }}' },
      },
      {
        id: 'publish',
        name: 'Publish',
        tool_name: 'publish_document',
        parameters: { document_id: '{{ steps.draft.output.document_id }}' },
        next: null,
      },
      {
        id: 'changes',
        name: 'Ask for changes',
        tool_name: 'request_changes',
        parameters: {
          document_id: '{{ steps.draft.output.document_id }}',
          comment: '{{ context.?comment.orValue("Please revise") }}',
        },
      },
    ],
  },
];
