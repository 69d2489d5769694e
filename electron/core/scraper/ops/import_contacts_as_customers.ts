import { createCustomer, type Customer } from '../../../../shared/customers.js';
import { OpError } from '../../../../shared/errors.js';
import { importContactsAsCustomers } from '../../../../shared/scraper.js';
import { implement } from '../../catalogue/operation.js';

export const importContactsAsCustomersOp = implement(
  importContactsAsCustomers,
  async (ctx, input) => {
    // cheerio and libphonenumber's full metadata load with the first call, not when Officina starts.
    const { contactHints, extractEmails, extractPhones, nameFromEmail, phoneRegion } = await import('../contacts.js');
    const given = phoneRegion(input.default_region, undefined);
    const source = await ctx.services.scraper.source(input, ctx);
    const region = given ?? phoneRegion(null, source.url);
    const emails = extractEmails(source);
    const hints = source.html ? contactHints(source.html) : new Map();
    const phones = extractPhones(source, region);
    // One address and one number on a page (a small business's contact page) belong together.
    const onlyPhone = emails.length === 1 && phones.length === 1 ? phones[0]?.international : undefined;
    const note = `From ${source.url ?? 'a text given to import_contacts_as_customers'} on ${ctx.clock.now().toISOString().slice(0, 10)}.`;
    const { customers } = ctx.services;

    const existing: { email: string; customer_id: number }[] = [];
    const skipped: { email: string; reason: string }[] = [];
    const planned: { email: string; input: ReturnType<typeof createCustomer.input.parse> }[] = [];
    for (const { email } of emails) {
      const known = findByEmail(customers, email);
      if (known) {
        existing.push({ email, customer_id: known.id });
        continue;
      }
      const hint = hints.get(email.toLowerCase()) ?? {};
      const candidate = {
        name: hint.name ?? nameFromEmail(email),
        email,
        tags: input.tags ?? ['web'],
        notes: note,
        ...((hint.phone ?? onlyPhone) ? { phone: hint.phone ?? onlyPhone } : {}),
      };
      // The same rules as create_customer: a contact the page garbled is skipped with the reason.
      const parsed = createCustomer.input.safeParse(candidate);
      if (!parsed.success) {
        skipped.push({ email, reason: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
        continue;
      }
      planned.push({ email, input: parsed.data });
    }
    const created: Customer[] = input.dry_run
      ? planned.map((p) => preview(p.input, ctx.clock.now().toISOString()))
      : ctx.db.transaction(() => planned.map((p) => customers.create(p.input, ctx.events)));
    return {
      url: source.url ?? null,
      rendered: source.rendered,
      warnings: source.warnings,
      dry_run: input.dry_run,
      created,
      existing,
      skipped,
    };
  },
  { transaction: false },
);

function findByEmail(customers: { get(input: { email: string }): Customer }, email: string): Customer | undefined {
  try {
    return customers.get({ email });
  } catch (error) {
    if (error instanceof OpError && error.code === 'not_found') return undefined;
    throw error;
  }
}

/** What a dry run would create, shaped like the customer it would be (id 0: not made). */
function preview(input: ReturnType<typeof createCustomer.input.parse>, now: string): Customer {
  return {
    id: 0,
    name: input.name,
    email: input.email,
    phone: input.phone ?? null,
    phone_e164: null,
    address: null,
    status: input.status,
    tags: input.tags ?? [],
    notes: input.notes ?? null,
    version: 0,
    created_at: now,
    updated_at: now,
  };
}
