import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  ErrorCode,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  type GetPromptResult,
  type Prompt,
} from '@modelcontextprotocol/sdk/types.js';
import type { Customer } from '../../shared/customers.js';
import { customerUri, documentUri, mimeTypeOf } from './collections.js';
import { addCompletions, words } from './completions.js';
import { fromErrorBody, ProtocolError } from './protocol-errors.js';
import { loadApp, readOperation, type Reads } from './reads.js';
import type { AppSource } from './server.js';
import { customerIds, dates, vaultPaths } from './suggestions.js';

const CUSTOMER_BRIEF: Prompt = {
  name: 'customer_brief',
  title: 'Customer brief',
  description:
    'A concise brief of one customer: who they are, their status, contact details, tags and notes, and what ' +
    'to watch out for. The customer’s record is attached to the prompt.',
  arguments: [
    {
      name: 'customer_id',
      description: 'The customer’s id (an integer). Completion suggests ids by name or email.',
      required: true,
    },
  ],
};

const SALES_REPORT: Prompt = {
  name: 'sales_report',
  title: 'Sales report',
  description:
    'A sales report for a period: revenue over time (gross, refunds, net), orders by status and top products, ' +
    'with what stands out. The figures from get_order_analytics are attached to the prompt.',
  arguments: [
    { name: 'start_date', description: 'First day, YYYY-MM-DD (default: 30 days ago)', required: false },
    { name: 'end_date', description: 'Last day, YYYY-MM-DD (default: today)', required: false },
    { name: 'group_by', description: 'day, week or month (default: day)', required: false },
  ],
};

const SUMMARIZE_DOCUMENT: Prompt = {
  name: 'summarize_document',
  title: 'Summarize document',
  description:
    'A summary of one document of the vault: what it is, its main points and anything to act on. The document’s text is attached.',
  arguments: [
    {
      name: 'document_id',
      description:
        'The document’s path in the vault, like notes/plan.md. Completion suggests paths a folder at a time.',
      required: true,
    },
    { name: 'length', description: 'short (default) or detailed', required: false },
  ],
};

const PROMPTS: Prompt[] = [CUSTOMER_BRIEF, SALES_REPORT, SUMMARIZE_DOCUMENT];

/** The operations each prompt reads through: it is offered only while the assistant may call them all. */
const READS: Record<string, readonly (keyof Reads)[]> = {
  [CUSTOMER_BRIEF.name]: ['get_customer', 'get_customer_analytics', 'list_orders'],
  [SALES_REPORT.name]: ['get_order_analytics'],
  [SUMMARIZE_DOCUMENT.name]: ['read_document'],
};

/** Prompts (prompts/list, prompts/get) and completion of their arguments. */
export function registerPrompts(server: Server, source: AppSource): void {
  // Like tools/list, what the person lets assistants read; prompts/get of another is refused by its reads.
  server.setRequestHandler(ListPromptsRequestSchema, async () => {
    const app = await loadApp(source);
    return {
      prompts: PROMPTS.filter((p) => (READS[p.name] ?? []).every((name) => app.catalogue.callable(name, 'mcp'))),
    };
  });

  server.setRequestHandler(GetPromptRequestSchema, async (request) => {
    const { name, arguments: args } = request.params;
    if (name === SALES_REPORT.name) {
      const input: Record<string, string> = {};
      for (const key of ['start_date', 'end_date', 'group_by']) {
        const value = args?.[key]?.trim();
        if (value) input[key] = value;
      }
      const app = await loadApp(source);
      const figures = await readOperation(server, app, 'get_order_analytics', input, (error) =>
        fromErrorBody(error, 'Cannot build the sales report', { data: { name } }),
      );
      return salesReport(figures);
    }
    if (name === SUMMARIZE_DOCUMENT.name) {
      const documentId = args?.['document_id']?.trim() ?? '';
      if (documentId === '') {
        throw new ProtocolError(
          ErrorCode.InvalidParams,
          'summarize_document needs the argument document_id: the document’s path in the vault (list_documents or search_documents finds it).',
          { name, argument: 'document_id' },
        );
      }
      const app = await loadApp(source);
      const read = await readOperation(server, app, 'read_document', { document_id: documentId }, (error) =>
        fromErrorBody(error, `Cannot summarize "${documentId}"`, { data: { name, argument: 'document_id' } }),
      );
      return summarizeDocument(read, args?.['length']?.trim() === 'detailed');
    }
    if (name !== CUSTOMER_BRIEF.name) {
      throw new ProtocolError(
        ErrorCode.InvalidParams,
        `Officina has no prompt named "${name}"; its prompts are: ${PROMPTS.map((p) => p.name).join(', ')}.`,
        { name },
      );
    }
    const customerId = args?.['customer_id']?.trim() ?? '';
    if (customerId === '') {
      throw new ProtocolError(
        ErrorCode.InvalidParams,
        'customer_brief needs the argument customer_id: the customer’s id, an integer (list_customers finds it by name or email).',
        { name, argument: 'customer_id' },
      );
    }
    const app = await loadApp(source);
    const customer = await readOperation(server, app, 'get_customer', { customer_id: customerId }, (error) =>
      fromErrorBody(error, `Cannot brief customer "${customerId}"`, { data: { name, argument: 'customer_id' } }),
    );
    const analytics = await readOperation(
      server,
      app,
      'get_customer_analytics',
      { customer_id: customer.id, top: 1 },
      (error) => fromErrorBody(error, `Cannot brief customer "${customerId}"`, { data: { name } }),
    );
    const orders = await readOperation(server, app, 'list_orders', { customer_id: customer.id, limit: 10 }, (error) =>
      fromErrorBody(error, `Cannot brief customer "${customerId}"`, { data: { name } }),
    );
    return customerBrief(customer, { figures: analytics.customer, recent_orders: orders.items });
  });

  // Every argument with a sensible suggestion, while the prompt's reads are allowed.
  const complete = (prompt: Prompt, completers: Parameters<typeof addCompletions>[4]) =>
    addCompletions(server, source, { type: 'ref/prompt', name: prompt.name }, READS[prompt.name] ?? [], completers);
  complete(CUSTOMER_BRIEF, { customer_id: customerIds(server) });
  complete(SALES_REPORT, { start_date: dates, end_date: dates, group_by: words(['day', 'week', 'month']) });
  complete(SUMMARIZE_DOCUMENT, {
    document_id: vaultPaths(server, { folders: true, documents: true }),
    length: words(['short', 'detailed']),
  });
}

function summarizeDocument(read: Reads['read_document'], detailed: boolean): GetPromptResult {
  const { document } = read;
  const text = read.text ?? (read.encoding === 'utf8' ? read.content : null);
  if (text === null) {
    throw new ProtocolError(
      ErrorCode.InvalidParams,
      `${document.document_id} is a ${document.file_type || 'binary'} file without text to summarize.`,
      { name: 'summarize_document', argument: 'document_id' },
    );
  }
  return {
    description: `Summary of ${document.document_id}`,
    messages: [
      {
        role: 'user',
        content: {
          type: 'text',
          text:
            `Summarize the document ${document.document_id}${document.title ? ` ("${document.title}")` : ''} attached ` +
            (detailed
              ? 'in a few paragraphs: its purpose, its main points in order, figures and dates it gives, and open questions or actions.'
              : 'in three to five sentences: what it is, its main points, and anything someone must act on.') +
            ' Use only what the document says.',
        },
      },
      {
        role: 'user',
        content: {
          type: 'resource',
          // What reading the resource gives: the document's text, with the file's media type when it is text.
          resource: {
            uri: documentUri(document.document_id),
            mimeType: read.encoding === 'utf8' ? mimeTypeOf(document.file_type) : 'text/plain',
            text,
          },
        },
      },
    ],
  };
}

function salesReport(figures: unknown): GetPromptResult {
  const f = figures as { start: string; end: string; currency: string; group_by: string };
  return {
    description: `Sales report ${f.start.slice(0, 10)} to ${f.end.slice(0, 10)} (${f.currency})`,
    messages: [
      {
        role: 'user',
        content: {
          type: 'text',
          text:
            `Write a short sales report for ${f.start} to ${f.end} (end exclusive) from the figures below, in ` +
            `${f.currency}, grouped by ${f.group_by}. Cover revenue over time (gross, refunds, net), the number ` +
            'and average size of orders, orders by status (call out any stuck in pending or processing), and the ' +
            'top products. Point out trends and anything unusual. Use only these figures; where they are silent, say so.',
        },
      },
      {
        role: 'user',
        content: {
          type: 'resource',
          resource: {
            uri: 'officina://analytics/orders',
            mimeType: 'application/json',
            text: JSON.stringify(figures, null, 2),
          },
        },
      },
    ],
  };
}

function customerBrief(customer: Customer, sales: { figures: unknown; recent_orders: unknown[] }): GetPromptResult {
  const uri = customerUri(customer.id);
  return {
    description: `Brief of ${customer.name} (customer ${customer.id})`,
    messages: [
      {
        role: 'user',
        content: {
          type: 'text',
          text:
            `Write a concise brief of our customer ${customer.name} (customer ${customer.id}) from their record ` +
            `below (${uri}). Cover who they are, their status, their contact details, their tags and notes, ` +
            'and what to watch out for: for example an inactive account, missing or unparseable contact ' +
            'details, or concerns raised in the notes; then their purchases (orders, revenue, last order, open ' +
            'orders) from the sales figures attached. Use only what the record says; where it is silent, say so.',
        },
      },
      {
        role: 'user',
        content: {
          type: 'resource',
          resource: { uri, mimeType: 'application/json', text: JSON.stringify(customer, null, 2) },
        },
      },
      {
        role: 'user',
        content: {
          type: 'text',
          text: `Sales figures and recent orders of customer ${customer.id}:\n${JSON.stringify(sales, null, 2)}`,
        },
      },
    ],
  };
}
