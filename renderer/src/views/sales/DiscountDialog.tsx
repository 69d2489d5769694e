import { Button, DataList, Group, Modal, NativeSelect, Paper, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMemo, useState, type FormEvent } from 'react';
import type { InputOf } from '../../../../shared/contracts.js';
import type { Order } from '../../../../shared/sales/orders.js';
import { DetailItem } from '../../components/DetailItem.js';
import { useFocusFirstProblem } from '../../components/useFocusFirstProblem.js';
import { useUnsavedChanges } from '../../components/useUnsavedChanges.js';
import { errorSentence } from '../../errorWords.js';
import { formatAmount, locale } from '../../format.js';
import { notifyError, notifySuccess } from '../../notify.js';
import { discountLabel, type DiscountKind } from './discount.js';
import { Actions, FormAlert, amountText } from './OrderDialogs.js';
import { useOrderDiscountQuote, useSetOrderDiscount } from './salesQueries.js';
import { parseDecimal, useServerErrors } from './serverErrors.js';

/** Labels for the server's fields in this form's words. */
const LABELS = { discount_amount: 'Amount off', discount_percent: 'Percent off' };

/** Whether the order's discount can still change: pending, with nothing paid (the server says the same). */
export function discountEditable(order: Order): boolean {
  return order.status === 'pending' && order.paid === 0;
}

/**
 * Edit discount: a percent or an amount off the items (or none), with the order's new totals worked out by
 * the server as it will set them, shown before anything is saved.
 */
export function DiscountDialog({ order, onClose }: { order: Order; onClose: () => void }) {
  const initialKind: DiscountKind =
    order.discount === 0 ? 'none' : order.discount_percent === null ? 'amount' : 'percent';
  const initialValue =
    initialKind === 'percent'
      ? amountText(order.discount_percent ?? 0)
      : initialKind === 'amount'
        ? amountText(order.discount)
        : '';
  const [kind, setKind] = useState<DiscountKind>(initialKind);
  const [value, setValue] = useState(initialValue);
  const errors = useServerErrors<'discount'>(
    (path) => (path === 'discount_amount' || path === 'discount_percent' ? 'discount' : undefined),
    LABELS,
  );
  const { formRef, focusFirstProblem } = useFocusFirstProblem();
  const save = useSetOrderDiscount();
  const unsaved = useUnsavedChanges(kind !== initialKind || value !== initialValue, onClose);

  const typed = kind === 'none' ? undefined : parseDecimal(value);
  const input = useMemo(
    () =>
      kind === 'none'
        ? { order_id: order.id, discount_amount: null }
        : kind === 'percent'
          ? { order_id: order.id, discount_percent: (typed ?? '') as number }
          : { order_id: order.id, discount_amount: (typed ?? '') as number },
    [kind, typed, order.id],
  );
  const [previewInput] = useDebouncedValue<InputOf<'quote_order_discount'> | null>(
    kind === 'none' || typeof typed === 'number' ? input : null,
    250,
  );
  const preview = useOrderDiscountQuote(previewInput);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    errors.reset();
    save.mutate(
      { ...input, expected_version: order.version },
      {
        onSuccess: (saved) => {
          notifySuccess(
            saved.discount > 0
              ? `Order #${saved.id} now has ${discountLabel(saved.discount_percent).toLowerCase()} of ${formatAmount(saved.discount, saved.currency)}; its total is ${formatAmount(saved.total, saved.currency)}`
              : `Order #${saved.id} has no discount now; its total is ${formatAmount(saved.total, saved.currency)}`,
          );
          onClose();
        },
        onError: (error) => {
          if (errors.show(error)) focusFirstProblem();
          else notifyError(`Could not change the discount of order #${order.id}`, error);
        },
      },
    );
  };

  const money = (amount: number) => formatAmount(amount, order.currency);
  return (
    <>
      <Modal opened onClose={unsaved.close} {...unsaved.modalProps} title={`Edit discount of order #${order.id}`}>
        <form ref={formRef} onSubmit={submit} noValidate>
          <Stack gap="sm">
            <Text size="sm" c="dimmed">
              Taken off the items before tax. The discount can be changed until the order is paid.
            </Text>
            <FormAlert title="The discount was not changed" messages={errors.formErrors} />
            <Group grow align="flex-start">
              <NativeSelect
                label="Discount"
                value={kind}
                data-autofocus
                onChange={(event) => {
                  setKind(event.currentTarget.value as DiscountKind);
                  errors.clearField('discount');
                }}
                data={[
                  { value: 'none', label: 'No discount' },
                  { value: 'percent', label: 'Percent off the items' },
                  { value: 'amount', label: 'Amount off the items' },
                ]}
              />
              {kind !== 'none' ? (
                <TextInput
                  label={kind === 'percent' ? 'Percent off' : `Amount off (${order.currency})`}
                  inputMode="decimal"
                  autoComplete="off"
                  value={value}
                  rightSection={kind === 'percent' ? '%' : undefined}
                  error={errors.fieldErrors.discount}
                  onChange={(event) => {
                    setValue(event.currentTarget.value);
                    errors.clearField('discount');
                  }}
                />
              ) : (
                <div />
              )}
            </Group>
            <Paper withBorder p="sm" aria-live="polite" aria-busy={preview.isFetching}>
              {preview.isError ? (
                <Text size="sm" c="red">
                  {errorSentence(preview.error, LABELS)}
                </Text>
              ) : !preview.data ? (
                <Text size="sm" c="dimmed">
                  {kind !== 'none' && typeof typed !== 'number'
                    ? 'Enter the discount as a number to see the new total.'
                    : 'Working out the totals…'}
                </Text>
              ) : (
                <DataList labelWidth="11rem" aria-label="New totals">
                  <DetailItem label="Items">{money(preview.data.subtotal)}</DetailItem>
                  {preview.data.discount > 0 && (
                    <DetailItem label={discountLabel(preview.data.discount_percent)}>
                      − {money(preview.data.discount)}
                    </DetailItem>
                  )}
                  <DetailItem label="Shipping">{money(preview.data.shipping)}</DetailItem>
                  <DetailItem label={`Tax (${(order.tax_rate_bps / 100).toLocaleString(locale)}%)`}>
                    {money(preview.data.tax)}
                  </DetailItem>
                  <DetailItem label="New total">
                    <strong>{money(preview.data.total)}</strong>
                    {preview.data.total !== order.total && (
                      <Text span size="sm" c="dimmed">
                        {' '}
                        (was {money(order.total)})
                      </Text>
                    )}
                  </DetailItem>
                </DataList>
              )}
            </Paper>
            <Actions onClose={unsaved.close} pending={save.isPending}>
              <Button type="submit" loading={save.isPending}>
                Save discount
              </Button>
            </Actions>
          </Stack>
        </form>
      </Modal>
      {unsaved.prompt}
    </>
  );
}
