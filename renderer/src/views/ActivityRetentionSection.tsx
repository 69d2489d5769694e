import { Alert, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { ActivityRetention } from '../../../shared/activity.js';
import type { InputOf } from '../../../shared/contracts.js';
import { ErrorNotice } from '../components/ListNotices.js';
import { formatCount } from '../format.js';
import { FormErrors, LimitsFormFooter, OptionalLimit } from './LimitsFormParts.js';
import { useLimitsForm } from './useLimitsForm.js';
import { useActivityRetention, useUpdateActivityRetention } from './activityQueries.js';

type Field = keyof ActivityRetention;

interface RetentionDraft {
  /** Off: null on the server, entries are kept whatever their age (or however many there are). */
  limitDays: boolean;
  days: number | string;
  limitRows: boolean;
  max_rows: number | string;
}

// Shown in the field when a limit is turned on that had none: the defaults of a new data directory.
const SUGGESTED_DAYS = 90;
const SUGGESTED_ROWS = 1_000_000;

function draftOf(retention: ActivityRetention): RetentionDraft {
  return {
    limitDays: retention.days !== null,
    days: retention.days ?? SUGGESTED_DAYS,
    limitRows: retention.max_rows !== null,
    max_rows: retention.max_rows ?? SUGGESTED_ROWS,
  };
}

const valueOf = (on: boolean, typed: number | string): number | null => (on ? Number(typed) : null);

/** Only what changed, so the activity log shows the person's edit; undefined when nothing did. */
function changesOf(saved: ActivityRetention, draft: RetentionDraft): InputOf<'update_activity_retention'> | undefined {
  const changes: InputOf<'update_activity_retention'> = {};
  const days = valueOf(draft.limitDays, draft.days);
  const rows = valueOf(draft.limitRows, draft.max_rows);
  if (days !== saved.days) changes.days = days;
  if (rows !== saved.max_rows) changes.max_rows = rows;
  return Object.keys(changes).length > 0 ? changes : undefined;
}

/** True when saving would delete entries the current limits keep. */
function tightens(saved: ActivityRetention, draft: RetentionDraft): boolean {
  const stricter = (before: number | null, after: number | null) =>
    after !== null && Number.isFinite(after) && after > 0 && (before === null || after < before);
  return (
    stricter(saved.days, valueOf(draft.limitDays, draft.days)) ||
    stricter(saved.max_rows, valueOf(draft.limitRows, draft.max_rows))
  );
}

function summary(retention: ActivityRetention): string {
  const age =
    retention.days === null
      ? 'kept whatever their age'
      : `deleted after ${formatCount(retention.days)} ${retention.days === 1 ? 'day' : 'days'}`;
  const size =
    retention.max_rows === null
      ? 'there is no limit on their number'
      : `at most the newest ${formatCount(retention.max_rows)} are kept`;
  return `Now: entries are ${age}, and ${size}.`;
}

/**
 * How long the activity log remembers calls. Person-only: an assistant that could shorten the log's
 * memory could erase the record of its own work.
 */
export function ActivityRetentionSection() {
  const retention = useActivityRetention();
  const update = useUpdateActivityRetention();
  const form = useLimitsForm<ActivityRetention, RetentionDraft, Field, Parameters<typeof update.mutate>[0]>({
    draftOf,
    changesOf,
    check: (values) => {
      const missing: Partial<Record<Field, string>> = {};
      if (values.limitDays && (values.days === '' || Number.isNaN(Number(values.days))))
        missing.days = 'Enter a number of days, or untick the age limit to keep entries whatever their age';
      if (values.limitRows && (values.max_rows === '' || Number.isNaN(Number(values.max_rows))))
        missing.max_rows = 'Enter a number of entries, or untick the size limit';
      return missing;
    },
    fields: ['days', 'max_rows'],
    mutate: (changes, callbacks) => update.mutate(changes, callbacks),
    pending: update.isPending,
    savedMessage: 'Activity log retention saved',
    failedMessage: 'Could not save the activity log retention',
  });

  if (retention.isError) {
    return (
      <ErrorNotice
        title="Could not load the activity log retention"
        error={retention.error}
        onRetry={() => void retention.refetch()}
      />
    );
  }
  if (!retention.data) return <Paper withBorder p="md" aria-busy mih={160} />;

  const saved = retention.data;
  const { draft, errors, formErrors, formRef } = form;
  const values = form.valuesOf(saved);
  const set = (patch: Partial<RetentionDraft>, field: Field) => form.set(saved, patch, field);
  const submit = form.submit(saved);

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="activity-retention-title">
      {form.prompt}
      <form ref={formRef} onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Title order={3} size="h4" id="activity-retention-title">
            Activity log retention
          </Title>
          <Text size="sm" c="dimmed">
            How long the activity log keeps its entries. Older entries, and the oldest beyond the size limit, are
            deleted in small batches shortly after saving and then every hour. Export the log under Activity to keep a
            copy.
          </Text>
          <Text size="sm">{summary(saved)}</Text>
          <FormErrors title="Retention was not saved" messages={formErrors} />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg">
            <OptionalLimit
              toggleLabel="Delete entries after a number of days"
              on={values.limitDays}
              onToggle={(limitDays) => set({ limitDays }, 'days')}
              label="Keep entries for (days)"
              description={values.limitDays ? '1 to 3650 days (ten years)' : 'Kept whatever their age'}
              value={values.days}
              min={1}
              max={3650}
              error={errors.days}
              onChange={(days) => set({ days }, 'days')}
            />
            <OptionalLimit
              toggleLabel="Limit the number of entries"
              on={values.limitRows}
              onToggle={(limitRows) => set({ limitRows }, 'max_rows')}
              label="Keep at most (entries)"
              description={
                values.limitRows ? 'The oldest are deleted first; 100 to 100,000,000' : 'No limit on their number'
              }
              value={values.max_rows}
              min={100}
              max={100_000_000}
              error={errors.max_rows}
              onChange={(max_rows) => set({ max_rows }, 'max_rows')}
            />
          </SimpleGrid>
          {draft && tightens(saved, values) && (
            <Alert color="yellow" title="Entries will be deleted">
              Entries beyond the new limits are deleted for good shortly after you save.
            </Alert>
          )}
          <LimitsFormFooter
            draft={draft !== null}
            pending={update.isPending}
            onDiscard={form.discard}
            saveLabel="Save retention"
          />
        </Stack>
      </form>
    </Paper>
  );
}
