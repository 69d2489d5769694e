import {
  Alert,
  Badge,
  Button,
  Center,
  Group,
  Loader,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState, type FormEvent } from 'react';
import type { OutputOf } from '../../../../shared/contracts.js';
import { ErrorNotice } from '../../components/ListNotices.js';
import { useFocusFirstProblem } from '../../components/useFocusFirstProblem.js';
import { locale } from '../../format.js';
import { notifyError, notifySuccess } from '../../notify.js';
import { parseDecimal, useServerErrors } from './serverErrors.js';
import { useShippingRates, useUpdateShippingRates } from './salesQueries.js';

type RateTable = OutputOf<'get_shipping_rates'>;
type Column = 'base' | 'per_kg' | 'value_percent' | 'multiplier';
/** A field of the form, as the server's issue paths name it without the leading `rates.`: `0.base`. */
type RateField = `${number}.${Column}`;

const COLUMNS: { key: Column; label: string; unit: (currency: string) => string }[] = [
  { key: 'base', label: 'Base', unit: (currency) => currency },
  { key: 'per_kg', label: 'Per kg', unit: (currency) => currency },
  { key: 'value_percent', label: 'Value', unit: () => '% of declared value' },
  { key: 'multiplier', label: 'Multiplier', unit: () => '×' },
];

const numberText = (value: number) => value.toLocaleString(locale, { useGrouping: false, maximumFractionDigits: 6 });

export function ShippingRatesTab() {
  const query = useShippingRates();
  if (query.isError) {
    return (
      <ErrorNotice title="Could not load the shipping rates" error={query.error} onRetry={() => void query.refetch()} />
    );
  }
  if (!query.data) {
    return (
      <Center py="xl">
        <Loader aria-label="Loading shipping rates" />
      </Center>
    );
  }
  // A change made elsewhere (the assistant, another window) arrives as new data and resets the form.
  return <RatesForm key={JSON.stringify(query.data)} table={query.data} />;
}

function RatesForm({ table }: { table: RateTable }) {
  const [values, setValues] = useState<Record<RateField, string>>(() => {
    const initial = {} as Record<RateField, string>;
    table.rates.forEach((rate, i) => {
      for (const { key } of COLUMNS) initial[`${i}.${key}`] = numberText(rate[key]);
    });
    return initial;
  });
  const errors = useServerErrors<RateField>((path) => {
    const match = /^rates\.(\d+)\.(base|per_kg|value_percent|multiplier)$/.exec(path);
    return match ? (`${Number(match[1])}.${match[2] as Column}` as RateField) : undefined;
  });
  const { formRef, focusFirstProblem } = useFocusFirstProblem();
  const save = useUpdateShippingRates();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    errors.reset();
    save.mutate(
      {
        currency: table.currency,
        rates: table.rates.map((rate, i) => ({
          service: rate.service,
          label: rate.label,
          base: (parseDecimal(values[`${i}.base`] ?? '') ?? '') as number,
          per_kg: (parseDecimal(values[`${i}.per_kg`] ?? '') ?? '') as number,
          value_percent: (parseDecimal(values[`${i}.value_percent`] ?? '') ?? '') as number,
          multiplier: (parseDecimal(values[`${i}.multiplier`] ?? '') ?? '') as number,
        })),
      },
      {
        onSuccess: (saved) => notifySuccess(`Shipping rates for ${saved.currency} saved`),
        onError: (error) => {
          if (errors.show(error)) focusFirstProblem();
          else notifyError('Could not save the shipping rates', error);
        },
      },
    );
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="shipping-rates-title" maw={880}>
      <form ref={formRef} onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Group gap="sm">
            <Title order={3} size="h5" id="shipping-rates-title">
              Shipping rates ({table.currency})
            </Title>
            {table.is_default && (
              <Badge variant="light" color="gray" tt="none">
                Default table
              </Badge>
            )}
          </Group>
          <Text size="sm" c="dimmed">
            A quote is (base + per kg × weight + value % × declared value) × multiplier. Quotes and new orders use these
            rates at once; existing orders and shipments keep their cost.
          </Text>
          {errors.formErrors.length > 0 && (
            <Alert color="red" title="The rates were not saved" role="alert">
              {errors.formErrors.map((message) => (
                <div key={message}>{message}</div>
              ))}
            </Alert>
          )}
          <Table.ScrollContainer minWidth={640}>
            <Table aria-label="Shipping rates" verticalSpacing={6}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Service</Table.Th>
                  {COLUMNS.map((column) => (
                    <Table.Th key={column.key}>
                      {column.label}{' '}
                      <Text span size="xs" c="dimmed" fw={400}>
                        ({column.unit(table.currency)})
                      </Text>
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {table.rates.map((rate, i) => (
                  <Table.Tr key={rate.service}>
                    <Table.Td>{rate.label}</Table.Td>
                    {COLUMNS.map((column) => {
                      const field: RateField = `${i}.${column.key}`;
                      return (
                        <Table.Td key={column.key} style={{ verticalAlign: 'top' }}>
                          <TextInput
                            aria-label={`${column.label} for ${rate.label}`}
                            inputMode="decimal"
                            autoComplete="off"
                            size="xs"
                            value={values[field]}
                            error={errors.fieldErrors[field]}
                            onChange={(event) => {
                              const text = event.currentTarget.value;
                              setValues((current) => ({ ...current, [field]: text }));
                              errors.clearField(field);
                            }}
                          />
                        </Table.Td>
                      );
                    })}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Group justify="flex-end">
            <Button type="submit" loading={save.isPending}>
              Save rates
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
