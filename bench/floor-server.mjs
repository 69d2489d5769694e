#!/usr/bin/env node
// The floor: the cheapest stdio MCP server the SDK allows (low-level Server + StdioServerTransport,
// like Officina's) with one tool that does nothing. Whatever Officina costs above this is ours.
//
// With --payload the tool still does no work but returns a fixed customer-sized result shaped like
// Officina's (pretty JSON text + structuredContent): the part of Officina's cost that is only moving
// a bigger result through the SDK and the pipe, not Officina's own work.
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';

const CUSTOMER = {
  id: 42,
  name: 'Zoë Müller-Dvořák',
  email: 'zoe.muller@proton.me',
  phone: '+49 1761234567',
  phone_e164: '+491761234567',
  address: null,
  status: 'active',
  tags: ['vip', 'newsletter'],
  notes: null,
  version: 1,
  created_at: '2024-03-01T09:30:00.000Z',
  updated_at: '2024-03-01T09:30:00.000Z',
};

const result = process.argv.includes('--payload')
  ? { content: [{ type: 'text', text: JSON.stringify(CUSTOMER, null, 2) }], structuredContent: CUSTOMER }
  : { content: [] };

const server = new Server({ name: 'floor', version: '0.0.0' }, { capabilities: { tools: {} } });

server.setRequestHandler(ListToolsRequestSchema, () => ({
  tools: [{ name: 'noop', description: 'Does nothing.', inputSchema: { type: 'object', properties: {} } }],
}));

server.setRequestHandler(CallToolRequestSchema, () => result);

await server.connect(new StdioServerTransport());
