import { Alert, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { InputOf, OutputOf } from '../../../shared/contracts.js';
import { ErrorNotice } from '../components/ListNotices.js';
import { formatCount, locale } from '../format.js';
import { FormErrors, LimitsFormFooter, OptionalLimit } from './LimitsFormParts.js';
import { useLimitsForm } from './useLimitsForm.js';
import { useUpdateVersionRetention, useVersionRetention } from './documents/documentQueries.js';
import { formatSize } from './documents/fileKinds.js';

type Retention = OutputOf<'get_version_retention'>;
type Field = 'max_age_days' | 'max_size_mb';

interface Draft {
  limitAge: boolean;
  max_age_days: number | string;
  limitSize: boolean;
  max_size_mb: number | string;
}

// Shown when a limit is turned on that had none: the defaults of a new data directory.
const SUGGESTED_DAYS = 365;
const SUGGESTED_MB = 2048;

function draftOf(r: Retention): Draft {
  return {
    limitAge: r.max_age_days !== null,
    max_age_days: r.max_age_days ?? SUGGESTED_DAYS,
    limitSize: r.max_size_mb !== null,
    max_size_mb: r.max_size_mb ?? SUGGESTED_MB,
  };
}

const valueOf = (on: boolean, typed: number | string): number | null => (on ? Number(typed) : null);

function changesOf(saved: Retention, draft: Draft): InputOf<'update_version_retention'> | undefined {
  const changes: InputOf<'update_version_retention'> = {};
  const days = valueOf(draft.limitAge, draft.max_age_days);
  const mb = valueOf(draft.limitSize, draft.max_size_mb);
  if (days !== saved.max_age_days) changes.max_age_days = days;
  if (mb !== saved.max_size_mb) changes.max_size_mb = mb;
  return Object.keys(changes).length > 0 ? changes : undefined;
}

function tightens(saved: Retention, draft: Draft): boolean {
  const stricter = (before: number | null, after: number | null) =>
    after !== null && Number.isFinite(after) && after > 0 && (before === null || after < before);
  return (
    stricter(saved.max_age_days, valueOf(draft.limitAge, draft.max_age_days)) ||
    stricter(saved.max_size_mb, valueOf(draft.limitSize, draft.max_size_mb))
  );
}

function summary(r: Retention): string {
  const age =
    r.max_age_days === null
      ? 'kept whatever their age'
      : `deleted after ${formatCount(r.max_age_days)} ${r.max_age_days === 1 ? 'day' : 'days'}`;
  const size =
    r.max_size_mb === null
      ? 'the version store has no size limit'
      : `the version store is kept under ${formatCount(r.max_size_mb)} MB`;
  return `Now: older versions are ${age}, and ${size}.`;
}

function usageText(r: Retention): string {
  const { versions, documents, stored_bytes, original_bytes } = r.usage;
  const saved = original_bytes > 0 ? Math.max(0, 1 - stored_bytes / original_bytes) : 0;
  return (
    `${formatCount(versions)} ${versions === 1 ? 'version' : 'versions'} of ${formatCount(documents)} ` +
    `${documents === 1 ? 'document' : 'documents'} take ${formatSize(stored_bytes, locale)} on disk ` +
    `(${formatSize(original_bytes, locale)} uncompressed` +
    (saved > 0
      ? `, ${new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(saved)} saved by compression and deduplication)`
      : ')')
  );
}

/**
 * How long document versions are kept. Person-only, like the activity log's retention: an assistant
 * that could shorten the history could erase the record of what it changed.
 */
export function DocumentHistorySection() {
  const retention = useVersionRetention();
  const update = useUpdateVersionRetention();
  const form = useLimitsForm<Retention, Draft, Field, Parameters<typeof update.mutate>[0]>({
    draftOf,
    changesOf,
    check: (values) => {
      const missing: Partial<Record<Field, string>> = {};
      if (values.limitAge && (values.max_age_days === '' || Number.isNaN(Number(values.max_age_days))))
        missing.max_age_days = 'Enter a number of days, or untick the age limit to keep versions whatever their age';
      if (values.limitSize && (values.max_size_mb === '' || Number.isNaN(Number(values.max_size_mb))))
        missing.max_size_mb = 'Enter a size in MB, or untick the size limit';
      return missing;
    },
    fields: ['max_age_days', 'max_size_mb'],
    mutate: (changes, callbacks) => update.mutate(changes, callbacks),
    pending: update.isPending,
    savedMessage: 'Document history settings saved',
    failedMessage: 'Could not save the document history settings',
  });

  if (retention.isError) {
    return (
      <ErrorNotice
        title="Could not load the document history settings"
        error={retention.error}
        onRetry={() => void retention.refetch()}
      />
    );
  }
  if (!retention.data) return <Paper withBorder p="md" aria-busy mih={160} />;

  const saved = retention.data;
  const { draft, errors, formErrors, formRef } = form;
  const values = form.valuesOf(saved);
  const set = (patch: Partial<Draft>, field: Field) => form.set(saved, patch, field);
  const submit = form.submit(saved);

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="document-history-title">
      {form.prompt}
      <form ref={formRef} onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Title order={3} size="h4" id="document-history-title">
            Document history
          </Title>
          <Text size="sm" c="dimmed">
            Officina keeps earlier versions of every document in the vault, compressed, in its data directory. A
            document’s current content and a deleted document’s last version are always kept.
          </Text>
          <Text size="sm">{summary(saved)}</Text>
          <Text size="sm" data-testid="version-usage">
            {usageText(saved)}
          </Text>
          <FormErrors title="The document history settings were not saved" messages={formErrors} />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg">
            <OptionalLimit
              toggleLabel="Delete versions after a number of days"
              on={values.limitAge}
              onToggle={(limitAge) => set({ limitAge }, 'max_age_days')}
              label="Keep versions for (days)"
              description={values.limitAge ? '1 to 36500 days' : 'Kept whatever their age'}
              value={values.max_age_days}
              min={1}
              max={36_500}
              error={errors.max_age_days}
              onChange={(max_age_days) => set({ max_age_days }, 'max_age_days')}
            />
            <OptionalLimit
              toggleLabel="Limit the size of the version store"
              on={values.limitSize}
              onToggle={(limitSize) => set({ limitSize }, 'max_size_mb')}
              label="Keep versions under (MB)"
              description={values.limitSize ? 'The oldest versions are deleted first; at least 10 MB' : 'No size limit'}
              value={values.max_size_mb}
              min={10}
              error={errors.max_size_mb}
              onChange={(max_size_mb) => set({ max_size_mb }, 'max_size_mb')}
            />
          </SimpleGrid>
          {draft && tightens(saved, values) && (
            <Alert color="yellow" title="Versions will be deleted">
              Versions beyond the new limits are deleted for good shortly after you save.
            </Alert>
          )}
          <LimitsFormFooter
            draft={draft !== null}
            pending={update.isPending}
            onDiscard={form.discard}
            saveLabel="Save document history"
          />
        </Stack>
      </form>
    </Paper>
  );
}
