import { Alert, Button, Group, Modal, NativeSelect, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { ADJUSTMENT_REASONS } from '../../../../shared/sales/inventory.js';
import type { Product } from '../../../../shared/sales/products.js';
import { useUnsavedChanges } from '../../components/useUnsavedChanges.js';
import { useFocusFirstProblem } from '../../components/useFocusFirstProblem.js';
import { formatCount } from '../../format.js';
import { notifyError, notifySuccess } from '../../notify.js';
import { parseInteger, useServerErrors } from './serverErrors.js';
import { useAdjustInventory } from './salesQueries.js';

type Mode = 'change' | 'set_on_hand';
type Field = 'quantity' | 'reason' | 'note';

const REASON_LABELS: Record<(typeof ADJUSTMENT_REASONS)[number], string> = {
  received: 'Received goods',
  returned: 'Returned by a customer',
  count: 'Stock take (count)',
  damaged: 'Damaged',
  lost: 'Lost',
  correction: 'Correction',
};

export function StockAdjustDialog({ product, onClose }: { product: Product; onClose: () => void }) {
  const [mode, setMode] = useState<Mode>('change');
  const [quantity, setQuantity] = useState('');
  const [reason, setReason] = useState<(typeof ADJUSTMENT_REASONS)[number]>('received');
  const [note, setNote] = useState('');
  const errors = useServerErrors<Field>((path) =>
    path === 'change' || path === 'set_on_hand' ? 'quantity' : path === 'reason' || path === 'note' ? path : undefined,
  );
  const { formRef, focusFirstProblem } = useFocusFirstProblem();
  const adjust = useAdjustInventory();
  const unsaved = useUnsavedChanges(quantity !== '' || note.trim() !== '', onClose);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    errors.reset();
    const amount = parseInteger(quantity) ?? '';
    const input = {
      product_id: product.id,
      reason,
      ...(note.trim() !== '' && { note: note.trim() }),
      ...(mode === 'change' ? { change: amount } : { set_on_hand: amount }),
    } as Parameters<typeof adjust.mutate>[0];
    adjust.mutate(input, {
      onSuccess: (stock) => {
        notifySuccess(
          `${product.name}: ${formatCount(stock.on_hand)} on hand, ${formatCount(stock.available)} available`,
        );
        onClose();
      },
      onError: (error) => {
        if (errors.show(error)) focusFirstProblem();
        else notifyError('Could not adjust the stock', error);
      },
    });
  };

  return (
    <>
      <Modal {...unsaved.modalProps} opened onClose={unsaved.close} title={`Adjust stock of ${product.name}`}>
        <form ref={formRef} onSubmit={submit} noValidate>
          <Stack gap="sm">
            <Text size="sm" c="dimmed">
              Now {formatCount(product.stock.on_hand)} on hand, {formatCount(product.stock.reserved)} reserved,{' '}
              {formatCount(product.stock.available)} available.
            </Text>
            {errors.formErrors.length > 0 && (
              <Alert color="red" title="The stock was not changed" role="alert">
                {errors.formErrors.map((message) => (
                  <div key={message}>{message}</div>
                ))}
              </Alert>
            )}
            <SegmentedControl
              aria-label="Kind of adjustment"
              value={mode}
              onChange={(value) => {
                setMode(value as Mode);
                if (value === 'set_on_hand') setReason('count');
              }}
              data={[
                { value: 'change', label: 'Add or remove' },
                { value: 'set_on_hand', label: 'Set counted quantity' },
              ]}
            />
            <TextInput
              label={mode === 'change' ? 'Change' : 'Counted on hand'}
              description={mode === 'change' ? 'Units to add, or a negative number to remove (like -2)' : undefined}
              inputMode="numeric"
              autoComplete="off"
              withAsterisk
              data-autofocus
              value={quantity}
              error={errors.fieldErrors.quantity}
              onChange={(event) => {
                setQuantity(event.currentTarget.value);
                errors.clearField('quantity');
              }}
            />
            <NativeSelect
              label="Reason"
              value={reason}
              error={errors.fieldErrors.reason}
              onChange={(event) => setReason(event.currentTarget.value as (typeof ADJUSTMENT_REASONS)[number])}
              data={ADJUSTMENT_REASONS.map((r) => ({ value: r, label: REASON_LABELS[r] }))}
            />
            <TextInput
              label="Note"
              description="Kept in the stock ledger, like a delivery note number"
              autoComplete="off"
              value={note}
              error={errors.fieldErrors.note}
              onChange={(event) => setNote(event.currentTarget.value)}
            />
            <Group justify="flex-end" mt="xs">
              <Button variant="default" onClick={unsaved.close} disabled={adjust.isPending}>
                Cancel
              </Button>
              <Button type="submit" loading={adjust.isPending}>
                Save adjustment
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
      {unsaved.prompt}
    </>
  );
}
