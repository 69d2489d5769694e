import {
  Alert,
  Button,
  Group,
  Modal,
  NativeSelect,
  SimpleGrid,
  Stack,
  TagsInput,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import type { Customer } from '../../../shared/customers.js';
import { parsePhoneNumberFromString } from 'libphonenumber-js/min';
import { phoneWarning } from '../../../shared/phone.js';
import { ApiError } from '../api.js';
import { CountrySelect } from '../components/CountrySelect.js';
import { issueSentence, messageSentence } from '../errorWords.js';
import { useFocusFirstProblem } from '../components/useFocusFirstProblem.js';
import { differs, useUnsavedChanges } from '../components/useUnsavedChanges.js';
import { notifyError, notifySuccess } from '../notify.js';
import { useCreateCustomer, useUpdateCustomer } from './customerQueries.js';
import { useSettings } from './settingsQueries.js';
import {
  createInput,
  fieldOfIssue,
  formValues,
  updateInput,
  type CustomerField,
  type CustomerFormValues,
} from './customerForm.js';

export interface CustomerFormModalProps {
  /** The customer to edit; null to add a new one. */
  customer: Customer | null;
  onClose: () => void;
  onSaved: (customer: Customer) => void;
}

/** Mounted only while open, so each opening starts from the customer as it is now. */
export function CustomerFormModal({ customer, onClose, onSaved }: CustomerFormModalProps) {
  const settings = useSettings();
  const defaultCountry = settings.data?.default_country ?? '';
  const [initial, setInitial] = useState<CustomerFormValues>(() => formValues(customer, defaultCountry));
  const [values, setValues] = useState<CustomerFormValues>(initial);
  // Settings may arrive after the form opened: a customer without an address then starts in that country.
  const [prefilled, setPrefilled] = useState(defaultCountry !== '' || customer?.address != null);
  useEffect(() => {
    if (prefilled || defaultCountry === '') return;
    setPrefilled(true);
    // The country filled in for the person is where the form starts, not a change they made.
    const withCountry = (current: CustomerFormValues) =>
      current.country === '' ? { ...current, country: defaultCountry } : current;
    setInitial(withCountry);
    setValues(withCountry);
  }, [prefilled, defaultCountry]);
  // Read in the country the form says, as the number will be stored; Settings' country when none is chosen.
  const phoneCountry = values.country || defaultCountry;
  const phoneDoubt = phoneCountry ? phoneWarning(values.phone, phoneCountry, parsePhoneNumberFromString) : undefined;
  const [errors, setErrors] = useState<Partial<Record<CustomerField, string>>>({});
  const [formErrors, setFormErrors] = useState<string[]>([]);
  const { formRef, focusFirstProblem } = useFocusFirstProblem();
  const create = useCreateCustomer();
  const update = useUpdateCustomer();
  const saving = create.isPending || update.isPending;
  const unsaved = useUnsavedChanges(differs(values, initial), onClose);

  const set = <F extends CustomerField>(field: F, value: CustomerFormValues[F]) => {
    setValues((current) => ({ ...current, [field]: value }));
    setErrors((current) => {
      const next = { ...current };
      delete next[field];
      return next;
    });
  };

  const text = (field: Exclude<CustomerField, 'status' | 'tags'>) => ({
    value: values[field],
    error: errors[field],
    onChange: (event: { currentTarget: { value: string } }) => set(field, event.currentTarget.value),
  });

  const showFailure = (error: unknown) => {
    if (error instanceof ApiError && error.issues.length > 0) {
      const placed: Partial<Record<CustomerField, string>> = {};
      const unplaced: string[] = [];
      for (const issue of error.issues) {
        const field = fieldOfIssue(issue);
        const sentence = issueSentence(issue);
        if (field) placed[field] = placed[field] ? `${placed[field]} ${sentence}` : sentence;
        else unplaced.push(sentence);
      }
      // An input error is told by its issues; a conflict's message also says what clashed.
      const summary = error.code !== 'invalid_input' ? [messageSentence(error.code, error.message)] : [];
      setErrors(placed);
      setFormErrors([...new Set([...summary, ...unplaced])]);
      focusFirstProblem();
    } else {
      setFormErrors([]);
      notifyError(customer ? 'Could not save the customer' : 'Could not add the customer', error);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFormErrors([]);
    if (customer === null) {
      create.mutate(createInput(values, defaultCountry), {
        onSuccess: (created) => {
          notifySuccess(`${created.name} added`);
          onSaved(created);
        },
        onError: showFailure,
      });
      return;
    }
    const input = updateInput(customer, values, defaultCountry);
    if (input === undefined) {
      onClose();
      return;
    }
    update.mutate(input, {
      onSuccess: (updated) => {
        notifySuccess(`${updated.name} saved`);
        onSaved(updated);
      },
      onError: showFailure,
    });
  };

  return (
    <>
      <Modal
        {...unsaved.modalProps}
        opened
        onClose={unsaved.close}
        title={customer ? `Edit ${customer.name}` : 'New customer'}
        size="lg"
      >
        <form ref={formRef} onSubmit={submit} noValidate>
          <Stack gap="sm">
            {formErrors.length > 0 && (
              <Alert color="red" title="The customer was not saved">
                {formErrors.map((message) => (
                  <div key={message}>{message}</div>
                ))}
              </Alert>
            )}
            <TextInput label="Name" withAsterisk autoComplete="off" data-autofocus {...text('name')} />
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              <TextInput label="Email" type="email" withAsterisk autoComplete="off" {...text('email')} />
              <TextInput
                label="Phone"
                type="tel"
                autoComplete="off"
                {...text('phone')}
                // A doubtful number is saved as typed (people have such numbers on file), but not silently.
                description={
                  !errors.phone && phoneDoubt ? (
                    <Text span size="xs" c="yellow.8">
                      This does not look like a complete phone number; check it, or add the country code (like +44). It
                      is saved as typed.
                    </Text>
                  ) : undefined
                }
                inputWrapperOrder={['label', 'input', 'description', 'error']}
              />
            </SimpleGrid>
            <TextInput
              label="Street"
              description="Optional: a city and country are enough"
              autoComplete="off"
              {...text('line1')}
            />
            <TextInput label="Street, second line" autoComplete="off" {...text('line2')} />
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              <TextInput label="City" autoComplete="off" {...text('city')} />
              <TextInput label="State or region" autoComplete="off" {...text('region')} />
              <TextInput label="Postal code" autoComplete="off" {...text('postal_code')} />
              <CountrySelect
                label="Country"
                placeholder="Type to search"
                value={values.country}
                error={errors.country}
                onChange={(code) => set('country', code)}
              />
            </SimpleGrid>
            <NativeSelect
              label="Status"
              value={values.status}
              error={errors.status}
              data={[
                { value: 'active', label: 'Active' },
                { value: 'inactive', label: 'Inactive' },
              ]}
              onChange={(event) => set('status', event.currentTarget.value === 'inactive' ? 'inactive' : 'active')}
            />
            <TagsInput
              label="Tags"
              description="Press Enter after each tag"
              value={values.tags}
              error={errors.tags}
              onChange={(tags) => set('tags', tags)}
              clearable
            />
            <Textarea label="Notes" autosize minRows={3} maxRows={10} {...text('notes')} />
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
