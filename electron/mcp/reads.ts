import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { ErrorCode } from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod';
import type { Customer, listCustomers } from '../../shared/customers.js';
import { OpError, type ErrorBody } from '../../shared/errors.js';
import type { getCustomerAnalytics, getOrderAnalytics } from '../../shared/sales/analytics.js';
import type { getOrder, listOrders } from '../../shared/sales/orders.js';
import type { getProductDetails, listProductCategories, searchProducts } from '../../shared/sales/products.js';
import type { listDocuments, readDocument } from '../../shared/vault.js';
import type { Officina } from '../core/app.js';
import { fromErrorBody, ProtocolError } from './protocol-errors.js';
import type { AppSource } from './server.js';

/** The operations that resources, prompts and completions read through, with what they return. */
export interface Reads {
  get_customer: Customer;
  list_customers: z.output<typeof listCustomers.output>;
  get_order: z.output<typeof getOrder.output>;
  list_orders: z.output<typeof listOrders.output>;
  get_product_details: z.output<typeof getProductDetails.output>;
  search_products: z.output<typeof searchProducts.output>;
  list_product_categories: z.output<typeof listProductCategories.output>;
  get_customer_analytics: z.output<typeof getCustomerAnalytics.output>;
  get_order_analytics: z.output<typeof getOrderAnalytics.output>;
  read_document: z.output<typeof readDocument.output>;
  list_documents: z.output<typeof listDocuments.output>;
}

/**
 * Calls a read operation for this server's client. Resources, prompts and completions read through the
 * catalogue as tools do, so their input is validated in one place and every read lands in the activity
 * log under the client's name (DESIGN.md rules 1 and 7). A failure becomes `onError`'s protocol error.
 */
export async function readOperation<Name extends keyof Reads>(
  server: Server,
  app: Officina,
  name: Name,
  input: Record<string, unknown>,
  onError: (error: ErrorBody) => ProtocolError,
): Promise<Reads[Name]> {
  const envelope = await app.catalogue.call(name, input, {
    caller: { kind: 'mcp', name: server.getClientVersion()?.name ?? 'mcp client' },
    face: 'mcp',
  });
  if (!envelope.ok) throw onError(envelope.error);
  return envelope.data as Reads[Name];
}

/** The app, or an error the assistant can relay (say, a database written by a newer Officina). */
export async function loadApp(source: AppSource): Promise<Officina> {
  try {
    return await source.app();
  } catch (error) {
    const message = error instanceof OpError ? error.message : `Officina could not start: ${String(error)}`;
    throw new ProtocolError(ErrorCode.InternalError, message);
  }
}

/**
 * A read for a suggestion: as readOperation, but a refusal of what was typed so far (not a valid
 * value yet, or nothing by that name) is no suggestion rather than an error.
 */
export async function readForSuggestion<Name extends keyof Reads>(
  server: Server,
  app: Officina,
  name: Name,
  input: Record<string, unknown>,
): Promise<Reads[Name] | undefined> {
  const envelope = await app.catalogue.call(name, input, {
    caller: { kind: 'mcp', name: server.getClientVersion()?.name ?? 'mcp client' },
    face: 'mcp',
  });
  if (envelope.ok) return envelope.data as Reads[Name];
  if (envelope.error.code === 'invalid_input' || envelope.error.code === 'not_found') return undefined;
  throw fromErrorBody(envelope.error, `Cannot suggest values from ${name}`);
}

/**
 * Why an assistant may not call `operation` now (what the catalogue would answer), or undefined when
 * it may: resources, prompts and completions that read through it refuse with the same reason.
 */
export function refusalOf(app: Officina, operation: string): string | undefined {
  if (app.catalogue.callable(operation, 'mcp')) return undefined;
  const contract = app.catalogue.contract(operation);
  const verdict = contract ? app.services.permissions.check(contract, 'mcp') : undefined;
  return verdict && !verdict.allowed
    ? verdict.reason
    : `"${operation}" is not available to assistants now (Officina → Settings → Assistant permissions).`;
}
