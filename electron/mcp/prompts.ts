import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  ErrorCode,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  type GetPromptResult,
  type Prompt,
} from '@modelcontextprotocol/sdk/types.js';
import type { Customer } from '../../shared/customers.js';
import { addCompleter } from './completions.js';
import { fromErrorBody, ProtocolError } from './protocol-errors.js';
import { loadApp, readOperation } from './reads.js';
import { customerUri, suggestCustomerIds } from './resources.js';
import type { AppSource } from './server.js';

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

const PROMPTS: Prompt[] = [CUSTOMER_BRIEF];

/** Prompts (prompts/list, prompts/get) and completion of their arguments. */
export function registerPrompts(server: Server, source: AppSource): void {
  server.setRequestHandler(ListPromptsRequestSchema, () => ({ prompts: PROMPTS }));

  server.setRequestHandler(GetPromptRequestSchema, async (request) => {
    const { name, arguments: args } = request.params;
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
    return customerBrief(customer);
  });

  addCompleter(server, { type: 'ref/prompt', name: CUSTOMER_BRIEF.name }, 'customer_id', async (typed) =>
    suggestCustomerIds(server, await loadApp(source), typed),
  );
}

function customerBrief(customer: Customer): GetPromptResult {
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
            'details, or concerns raised in the notes. Use only what the record says; where it is silent, say so.',
        },
      },
      {
        role: 'user',
        content: {
          type: 'resource',
          resource: { uri, mimeType: 'application/json', text: JSON.stringify(customer, null, 2) },
        },
      },
    ],
  };
}
