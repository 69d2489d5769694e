import type { Contract } from './operation.js';

/**
 * Toolsets: the groups of tools the person gives an assistant. A toolset is an operation's `domain`,
 * so a new domain (say, the scraper) is a toolset as soon as its contracts exist, with no list to
 * keep. Only operations an assistant can call (MCP, workflows) belong to one.
 */
export function toolsetOf(contract: Pick<Contract, 'domain'>): string {
  return contract.domain;
}

export interface Toolset {
  name: string;
  /** Its tools' names, in catalogue order. */
  tools: string[];
}

/** The toolsets among `contracts`, in the order their first tool appears in the catalogue. */
export function toolsetsOf(contracts: readonly Pick<Contract, 'name' | 'domain' | 'faces'>[]): Toolset[] {
  const sets = new Map<string, string[]>();
  for (const contract of contracts) {
    if (!contract.faces.includes('mcp') && !contract.faces.includes('workflow')) continue;
    const name = toolsetOf(contract);
    sets.set(name, [...(sets.get(name) ?? []), contract.name]);
  }
  return [...sets].map(([name, tools]) => ({ name, tools }));
}

/**
 * What a new installation gives assistants: the person’s customers and documents, about 18 KB of
 * tools/list (sales alone is 26 tools and 22 KB), so that a client that warns about or cuts off long
 * tool lists, or a small model, takes all of it in. Sales, business settings, import and export, the
 * activity log and each new domain (the scraper, workflows) are one checkbox away in Settings →
 * Assistant permissions; a new domain is never given without the person's say.
 */
export const DEFAULT_TOOLSETS: readonly string[] = ['customers', 'documents'];

/** Toolset names as `--toolsets` and OFFICINA_TOOLSETS take them: domain names. */
export const TOOLSET_NAME = /^[a-z][a-z0-9_]*$/;

/** How the person sees a toolset; a domain without an entry here shows its name, capitalised. */
export const TOOLSET_TEXT: Readonly<Record<string, { label: string; about: string }>> = {
  customers: { label: 'Customers', about: 'Find, add and change customers (the CRM).' },
  sales: {
    label: 'Sales',
    about: 'Products and stock, orders, payments, shipping and sales figures.',
  },
  documents: {
    label: 'Documents',
    about: 'Read, search, upload and organise the vault’s documents, their versions, reviews and publishing.',
  },
  data: { label: 'Import and export', about: 'Import customers and products from CSV, export them to CSV.' },
  activity: { label: 'Activity log', about: 'Read the log of what was done in Officina.' },
  settings: { label: 'Business settings', about: 'Read and change the currency, tax rate, country and time zone.' },
  scraper: {
    label: 'Scraper and page monitors',
    about:
      'Read web pages politely, pick out data, find contacts, crawl sites, keep pages in the vault, and watch pages for changes.',
  },
  workflows: {
    label: 'Workflows',
    about:
      'Make, change and run workflows that chain the other tools, and read their runs. A workflow an assistant makes or runs can only do what the assistant itself may.',
  },
};

export function toolsetLabel(name: string): string {
  return TOOLSET_TEXT[name]?.label ?? name.charAt(0).toUpperCase() + name.slice(1).replaceAll('_', ' ');
}

export function toolsetAbout(name: string): string | undefined {
  return TOOLSET_TEXT[name]?.about;
}
