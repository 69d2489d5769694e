import {
  Alert,
  Button,
  Group,
  Loader,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useMemo, useState, type FormEvent } from 'react';
import type { InputOf } from '../../../shared/contracts.js';
import type { Settings } from '../../../shared/settings.js';
import { ApiError } from '../api.js';
import { issueSentence } from '../errorWords.js';
import { CountrySelect } from '../components/CountrySelect.js';
import { ErrorNotice } from '../components/ListNotices.js';
import { useFocusFirstProblem } from '../components/useFocusFirstProblem.js';
import { differs, useUnsavedChanges } from '../components/useUnsavedChanges.js';
import { formatMoney } from '../format.js';
import { notifyError, notifyInfo, notifySuccess } from '../notify.js';
import { useSettings, useUpdateSettings } from './settingsQueries.js';

interface SettingsDraft {
  default_country: string;
  currency: string;
  /** Percent as typed; the server stores basis points (8.25% = 825). */
  tax_percent: number | string;
  time_zone: string;
  business_name: string;
  business_address: string;
  business_tax_id: string;
  business_email: string;
  business_phone: string;
}

type Field = keyof SettingsDraft;

/** Printed on invoices and packing slips; saved as typed (trimmed). */
const BUSINESS_FIELDS = [
  'business_name',
  'business_address',
  'business_tax_id',
  'business_email',
  'business_phone',
] as const;

const FIELD_OF_PATH: Record<string, Field> = {
  default_country: 'default_country',
  currency: 'currency',
  tax_rate_bps: 'tax_percent',
  time_zone: 'time_zone',
  ...Object.fromEntries(BUSINESS_FIELDS.map((field) => [field, field])),
};

const BUSINESS_LABELS = { tax_rate_bps: 'Tax rate' };

function draftOf(settings: Settings): SettingsDraft {
  return {
    default_country: settings.default_country,
    currency: settings.currency,
    tax_percent: settings.tax_rate_bps / 100,
    time_zone: settings.time_zone,
    business_name: settings.business_name,
    business_address: settings.business_address,
    business_tax_id: settings.business_tax_id,
    business_email: settings.business_email,
    business_phone: settings.business_phone,
  };
}

/** Only what changed, so the activity log shows the person's edit; undefined when nothing did. */
function changesOf(settings: Settings, draft: SettingsDraft): InputOf<'update_settings'> | undefined {
  const changes: InputOf<'update_settings'> = {};
  if (draft.default_country.trim() !== settings.default_country) changes.default_country = draft.default_country.trim();
  if (draft.currency.trim() !== settings.currency) changes.currency = draft.currency.trim();
  const bps = Math.round(Number(draft.tax_percent) * 100);
  if (bps !== settings.tax_rate_bps) changes.tax_rate_bps = bps;
  if (draft.time_zone !== settings.time_zone) changes.time_zone = draft.time_zone;
  for (const field of BUSINESS_FIELDS) {
    if (draft[field].trim() !== settings[field]) changes[field] = draft[field].trim();
  }
  return Object.keys(changes).length > 0 ? changes : undefined;
}

/** Nothing to close: the form is part of the page; leaving the page is what asks. */
const noChange = () => {};

function timeZones(current: string): string[] {
  const zones = Intl.supportedValuesOf('timeZone');
  return [...new Set(['UTC', current, ...zones])];
}

export function BusinessSettingsForm() {
  const settings = useSettings();
  const update = useUpdateSettings();
  // Null until the person edits: the form then shows the server's values, including live changes.
  const [draft, setDraft] = useState<SettingsDraft | null>(null);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [formErrors, setFormErrors] = useState<string[]>([]);
  const { formRef, focusFirstProblem } = useFocusFirstProblem();
  const zones = useMemo(() => timeZones(settings.data?.time_zone ?? 'UTC'), [settings.data?.time_zone]);
  const dirty = draft !== null && settings.data !== undefined && differs(draft, draftOf(settings.data));
  const unsaved = useUnsavedChanges(dirty, noChange, { guardPages: true });

  if (settings.isError) {
    return (
      <ErrorNotice title="Could not load settings" error={settings.error} onRetry={() => void settings.refetch()} />
    );
  }
  if (!settings.data) return <Paper withBorder p="md" aria-busy mih={200} />;

  const saved = settings.data;
  const values = draft ?? draftOf(saved);
  const set = (field: Field, value: string | number) => {
    setDraft({ ...values, [field]: value });
    setErrors((current) => {
      const next = { ...current };
      delete next[field];
      return next;
    });
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (update.isPending) return;
    setFormErrors([]);
    if (values.tax_percent === '' || Number.isNaN(Number(values.tax_percent))) {
      setErrors({ ...errors, tax_percent: 'Enter the tax rate as a percentage, 0 for none' });
      focusFirstProblem();
      return;
    }
    const changes = changesOf(saved, values);
    if (!changes) {
      setDraft(null);
      notifyInfo('Nothing changed, so there was nothing to save.');
      return;
    }
    update.mutate(changes, {
      onSuccess: () => {
        setDraft(null);
        setErrors({});
        notifySuccess('Settings saved');
      },
      onError: (error) => {
        if (error instanceof ApiError && error.issues.length > 0) {
          const placed: Partial<Record<Field, string>> = {};
          const unplaced: string[] = [];
          for (const issue of error.issues) {
            const field = FIELD_OF_PATH[issue.path];
            const sentence = issueSentence(issue, BUSINESS_LABELS);
            if (field) placed[field] = sentence;
            else unplaced.push(sentence);
          }
          setErrors(placed);
          setFormErrors(unplaced);
          focusFirstProblem();
        } else {
          notifyError('Could not save settings', error);
        }
      },
    });
  };

  const currencyExample = /^[A-Za-z]{3}$/.test(values.currency)
    ? formatMoney(123456, values.currency.toUpperCase())
    : '';

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="business-settings-title">
      {unsaved.prompt}
      <form ref={formRef} onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Title order={3} size="h4" id="business-settings-title">
            Business
          </Title>
          {formErrors.length > 0 && (
            <Alert color="red" title="Settings were not saved">
              {formErrors.map((message) => (
                <div key={message}>{message}</div>
              ))}
            </Alert>
          )}
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <CountrySelect
              label="Default country"
              description="New customers start in this country"
              value={values.default_country}
              clearable={false}
              error={errors.default_country}
              onChange={(code) => set('default_country', code)}
            />
            <TextInput
              label="Currency"
              description={
                currencyExample ? `Prices look like ${currencyExample}` : 'Three-letter code, like USD or EUR'
              }
              value={values.currency}
              maxLength={3}
              error={errors.currency}
              onChange={(event) => set('currency', event.currentTarget.value.toUpperCase())}
            />
            <NumberInput
              label="Tax rate"
              description="Sales tax added to orders"
              value={values.tax_percent}
              suffix="%"
              decimalScale={2}
              min={0}
              max={100}
              clampBehavior="none"
              allowNegative={false}
              error={errors.tax_percent}
              onChange={(value) => set('tax_percent', value)}
            />
            <Select
              label="Time zone"
              description="For reports and schedules"
              data={zones}
              value={values.time_zone}
              error={errors.time_zone}
              onChange={(zone) => set('time_zone', zone ?? '')}
              searchable
              allowDeselect={false}
              nothingFoundMessage="No time zone by that name"
            />
          </SimpleGrid>
          <Title order={4} size="h5" mt="xs">
            On invoices and packing slips
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <TextInput
              label="Business name"
              value={values.business_name}
              error={errors.business_name}
              onChange={(event) => set('business_name', event.currentTarget.value)}
            />
            <TextInput
              label="Tax ID"
              description="VAT or tax number, printed on invoices"
              value={values.business_tax_id}
              error={errors.business_tax_id}
              onChange={(event) => set('business_tax_id', event.currentTarget.value)}
            />
            <Textarea
              label="Address"
              autosize
              minRows={3}
              value={values.business_address}
              error={errors.business_address}
              onChange={(event) => set('business_address', event.currentTarget.value)}
            />
            <Stack gap="sm">
              <TextInput
                label="Email"
                type="email"
                value={values.business_email}
                error={errors.business_email}
                onChange={(event) => set('business_email', event.currentTarget.value)}
              />
              <TextInput
                label="Phone"
                type="tel"
                value={values.business_phone}
                error={errors.business_phone}
                onChange={(event) => set('business_phone', event.currentTarget.value)}
              />
            </Stack>
          </SimpleGrid>
          <Group justify="flex-end">
            {draft && (
              <Button
                variant="default"
                onClick={() => {
                  setDraft(null);
                  setErrors({});
                  setFormErrors([]);
                }}
                disabled={update.isPending}
              >
                Discard changes
              </Button>
            )}
            {/* Not `loading`: that disables the button, which would drop keyboard focus to the page. */}
            <Button
              type="submit"
              aria-busy={update.isPending}
              leftSection={update.isPending ? <Loader size={14} color="white" aria-hidden /> : undefined}
            >
              Save settings
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
