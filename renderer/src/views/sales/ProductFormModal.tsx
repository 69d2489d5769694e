import { Alert, Button, Group, Modal, SimpleGrid, Stack, TagsInput, TextInput, Textarea } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import type { InputOf } from '../../../../shared/contracts.js';
import { DEFAULT_LOW_STOCK_THRESHOLD, type Product } from '../../../../shared/sales/products.js';
import { differs, useUnsavedChanges } from '../../components/useUnsavedChanges.js';
import { useFocusFirstProblem } from '../../components/useFocusFirstProblem.js';
import { locale } from '../../format.js';
import { notifyError, notifySuccess } from '../../notify.js';
import { useSettings } from '../settingsQueries.js';
import { parseDecimal, parseInteger, useServerErrors } from './serverErrors.js';
import { useCreateProduct, useUpdateProduct } from './salesQueries.js';

interface Values {
  sku: string;
  name: string;
  category: string;
  description: string;
  price: string;
  currency: string;
  weight_kg: string;
  tags: string[];
  initial_stock: string;
  low_stock_threshold: string;
}
type Field = keyof Values;
const FIELDS: Field[] = [
  'sku',
  'name',
  'category',
  'description',
  'price',
  'currency',
  'weight_kg',
  'tags',
  'initial_stock',
  'low_stock_threshold',
];

const decimalText = (value: number) => value.toLocaleString(locale, { useGrouping: false, maximumFractionDigits: 6 });

function valuesOf(product: Product | null, currency: string): Values {
  return {
    sku: product?.sku ?? '',
    name: product?.name ?? '',
    category: product?.category ?? '',
    description: product?.description ?? '',
    price: product ? decimalText(product.price) : '',
    currency: product?.currency ?? currency,
    weight_kg: product && product.weight_kg > 0 ? decimalText(product.weight_kg) : '',
    tags: product?.tags ?? [],
    initial_stock: '',
    low_stock_threshold: String(product?.low_stock_threshold ?? DEFAULT_LOW_STOCK_THRESHOLD),
  };
}

// Values the server checks are sent as typed (a string where a number belongs), so its message is shown.
type Loose<T> = { [K in keyof T]: unknown };

function createInput(v: Values): InputOf<'create_product'> {
  const input: Partial<Loose<InputOf<'create_product'>>> = {
    sku: v.sku.trim(),
    name: v.name.trim(),
    price: parseDecimal(v.price) ?? '',
  };
  if (v.category.trim()) input.category = v.category.trim();
  if (v.description.trim()) input.description = v.description;
  if (v.currency.trim()) input.currency = v.currency.trim();
  const weight = parseDecimal(v.weight_kg);
  if (weight !== undefined) input.weight_kg = weight;
  if (v.tags.length > 0) input.tags = v.tags;
  const stock = parseInteger(v.initial_stock);
  if (stock !== undefined) input.initial_stock = stock;
  const threshold = parseInteger(v.low_stock_threshold);
  if (threshold !== undefined) input.low_stock_threshold = threshold;
  return input as InputOf<'create_product'>;
}

/** Only what changed, so the activity log shows what the person did; undefined when nothing did. */
function updateInput(product: Product, v: Values): InputOf<'update_product'> | undefined {
  const changes: Partial<Loose<InputOf<'update_product'>>> = {};
  const initial = valuesOf(product, product.currency);
  if (v.sku.trim() !== product.sku) changes.sku = v.sku.trim();
  if (v.name.trim() !== product.name) changes.name = v.name.trim();
  if (v.category.trim() !== initial.category) changes.category = v.category.trim() || null;
  if (v.description !== initial.description) changes.description = v.description.trim() ? v.description : null;
  if (v.price.trim() !== initial.price) changes.price = parseDecimal(v.price) ?? '';
  if (v.currency.trim().toUpperCase() !== product.currency) changes.currency = v.currency.trim();
  if (v.weight_kg.trim() !== initial.weight_kg) changes.weight_kg = parseDecimal(v.weight_kg) ?? 0;
  if (v.tags.join('\n') !== product.tags.join('\n')) changes.tags = v.tags.length > 0 ? v.tags : null;
  if (v.low_stock_threshold.trim() !== initial.low_stock_threshold) {
    changes.low_stock_threshold = parseInteger(v.low_stock_threshold) ?? DEFAULT_LOW_STOCK_THRESHOLD;
  }
  if (Object.keys(changes).length === 0) return undefined;
  return { ...changes, product_id: product.id, expected_version: product.version } as InputOf<'update_product'>;
}

export interface ProductFormModalProps {
  product: Product | null;
  onClose: () => void;
  onSaved: (product: Product) => void;
}

/** Mounted only while open, so each opening starts from the product as it is now. */
export function ProductFormModal({ product, onClose, onSaved }: ProductFormModalProps) {
  const settings = useSettings();
  const [initial] = useState<Values>(() => valuesOf(product, settings.data?.currency ?? ''));
  const [values, setValues] = useState<Values>(initial);
  const errors = useServerErrors<Field>((path) => FIELDS.find((f) => f === path.split('.')[0]));
  const { formRef, focusFirstProblem } = useFocusFirstProblem();
  const create = useCreateProduct();
  const update = useUpdateProduct();
  const saving = create.isPending || update.isPending;
  const unsaved = useUnsavedChanges(differs(values, initial), onClose);

  const set = <F extends Field>(field: F, value: Values[F]) => {
    setValues((current) => ({ ...current, [field]: value }));
    errors.clearField(field);
  };
  const text = (field: Exclude<Field, 'tags'>) => ({
    value: values[field],
    error: errors.fieldErrors[field],
    onChange: (event: { currentTarget: { value: string } }) => set(field, event.currentTarget.value),
  });

  const onError = (error: unknown) => {
    if (errors.show(error)) focusFirstProblem();
    else notifyError(product ? 'Could not save the product' : 'Could not add the product', error);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    errors.reset();
    if (product === null) {
      create.mutate(createInput(values), {
        onSuccess: (created) => {
          notifySuccess(`${created.name} added`);
          onSaved(created);
        },
        onError,
      });
      return;
    }
    const input = updateInput(product, values);
    if (input === undefined) {
      onClose();
      return;
    }
    update.mutate(input, {
      onSuccess: (saved) => {
        notifySuccess(`${saved.name} saved`);
        onSaved(saved);
      },
      onError,
    });
  };

  return (
    <>
      <Modal
        {...unsaved.modalProps}
        opened
        onClose={unsaved.close}
        title={product ? `Edit ${product.name}` : 'New product'}
        size="lg"
      >
        <form ref={formRef} onSubmit={submit} noValidate>
          <Stack gap="sm">
            {errors.formErrors.length > 0 && (
              <Alert color="red" title="The product was not saved" role="alert">
                {errors.formErrors.map((message) => (
                  <div key={message}>{message}</div>
                ))}
              </Alert>
            )}
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              <TextInput
                label="SKU"
                description="Letters, digits and . _ - /"
                withAsterisk
                autoComplete="off"
                data-autofocus
                {...text('sku')}
              />
              <TextInput label="Category" autoComplete="off" {...text('category')} />
            </SimpleGrid>
            <TextInput label="Name" withAsterisk autoComplete="off" {...text('name')} />
            <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
              <TextInput label="Price" withAsterisk inputMode="decimal" autoComplete="off" {...text('price')} />
              <TextInput
                label="Currency"
                description="Like USD or EUR"
                maxLength={3}
                autoComplete="off"
                {...text('currency')}
                onChange={(event) => set('currency', event.currentTarget.value.toUpperCase())}
              />
              <TextInput label="Weight (kg)" inputMode="decimal" autoComplete="off" {...text('weight_kg')} />
            </SimpleGrid>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              {product === null && (
                <TextInput
                  label="Initial stock"
                  description="Units on hand now; recorded in the stock ledger"
                  inputMode="numeric"
                  autoComplete="off"
                  {...text('initial_stock')}
                />
              )}
              <TextInput
                label="Low stock at"
                description="Marked low when this many or fewer are left to sell; 0 never warns"
                inputMode="numeric"
                autoComplete="off"
                {...text('low_stock_threshold')}
              />
            </SimpleGrid>
            <TagsInput
              label="Tags"
              description="Press Enter after each tag"
              value={values.tags}
              error={errors.fieldErrors.tags}
              onChange={(tags) => set('tags', tags)}
              clearable
            />
            <Textarea label="Description" autosize minRows={2} maxRows={8} {...text('description')} />
            <Group justify="flex-end" mt="xs">
              <Button variant="default" onClick={unsaved.close} disabled={saving}>
                Cancel
              </Button>
              <Button type="submit" loading={saving}>
                Save
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
      {unsaved.prompt}
    </>
  );
}
