import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import type { Customer } from '../../../shared/customers.js';
import { ApiError } from '../api.js';
import { errorMessage, notifySuccess } from '../notify.js';
import { useDeleteCustomer, useUpdateCustomer } from './customerQueries.js';

export interface CustomerDeleteDialogProps {
  customer: Customer;
  onClose: () => void;
  onDeleted: () => void;
}

export function CustomerDeleteDialog({ customer, onClose, onDeleted }: CustomerDeleteDialogProps) {
  const remove = useDeleteCustomer();
  const update = useUpdateCustomer();
  const conflict = remove.error instanceof ApiError && remove.error.code === 'conflict';

  const confirm = () =>
    remove.mutate(customer, {
      onSuccess: () => {
        notifySuccess(`${customer.name} moved to the trash`);
        onDeleted();
      },
    });

  // The server refuses to delete a customer that other records point at and suggests this instead.
  const deactivate = () =>
    update.mutate(
      { customer_id: customer.id, status: 'inactive', expected_version: customer.version },
      {
        onSuccess: (updated) => {
          notifySuccess(`${updated.name} is now inactive`);
          onClose();
        },
      },
    );

  return (
    <Modal opened onClose={onClose} title="Delete customer?" size="md">
      <Stack gap="md">
        <Text>
          Move <strong>{customer.name}</strong> ({customer.email}) to the trash? You can restore them from the trash
          later.
        </Text>
        {remove.isError && (
          <Alert color="red" title={conflict ? 'This customer cannot be deleted' : 'Could not delete the customer'}>
            {conflict
              ? 'This customer has orders or other records that must keep pointing at them. Set them inactive instead: they stay on file but leave your active list.'
              : errorMessage(remove.error)}
          </Alert>
        )}
        {update.isError && (
          <Alert color="red" title="Could not set the customer inactive">
            {errorMessage(update.error)}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} data-autofocus>
            Cancel
          </Button>
          {conflict && customer.status === 'active' ? (
            <Button onClick={deactivate} loading={update.isPending}>
              Set inactive
            </Button>
          ) : (
            <Button color="red" onClick={confirm} loading={remove.isPending}>
              Move to trash
            </Button>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}
