import { z } from 'zod';
import { PERSON_ONLY, defineContract } from './operation.js';
import { SortColumn, SortDirection, Timestamp } from './schemas.js';

export const TRASH_ENTITIES = ['customer', 'product'] as const;
export type TrashEntity = (typeof TRASH_ENTITIES)[number];
const TrashEntitySchema = z.enum(TRASH_ENTITIES, { error: 'entity must be "customer" or "product"' });

export const TrashItem = z.object({
  entity: TrashEntitySchema,
  id: z.number().int(),
  name: z.string(),
  detail: z.string().describe("A customer's email, a product's SKU"),
  deleted_at: Timestamp,
});
export type TrashItem = z.infer<typeof TrashItem>;

export const TRASH_SORTS = ['deleted_at', 'entity', 'name'] as const;

// Person-only: the trash is the person's safety net; what an assistant deleted it restores by id.
export const listTrash = defineContract({
  name: 'list_trash',
  domain: 'trash',
  reveals: ['customers', 'sales'],
  title: 'List the trash',
  description:
    'Customers and products in the trash, most recently deleted first (or `sort`/`order`; at most 1,000 of each).',
  input: z.strictObject({
    entity: TrashEntitySchema.optional(),
    sort: SortColumn(TRASH_SORTS, 'deleted_at'),
    order: SortDirection,
  }),
  output: z.object({ items: z.array(TrashItem), next_cursor: z.null() }),
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  faces: PERSON_ONLY,
});

// Person-only: deleting for good cannot be undone, so an assistant's deletions always stay restorable.
export const purgeFromTrash = defineContract({
  name: 'purge_from_trash',
  domain: 'trash',
  reveals: ['customers', 'sales'],
  title: 'Delete for good',
  description:
    'Delete a customer or product in the trash for good. A product that past orders name stays in the trash. ' +
    'Returns { entity, id, name }.',
  input: z.strictObject({ entity: TrashEntitySchema, id: z.number().int().positive() }),
  output: z.object({ entity: TrashEntitySchema, id: z.number().int(), name: z.string() }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
  faces: PERSON_ONLY,
});

export const trashContracts = [listTrash, purgeFromTrash] as const;
