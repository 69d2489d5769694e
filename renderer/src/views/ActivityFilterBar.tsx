import { Group, SegmentedControl, Select, Switch } from '@mantine/core';
import type { CallerKind } from '../../../shared/activity.js';
import { ENTITY_LABELS, actorOf } from '../../../shared/activity-sentences.js';
import { errorMessage } from '../notify.js';
import { useActivityFacets, type ActivityFilters, type OutcomeFilter } from './activityQueries.js';

const KIND_LABELS: Record<CallerKind, string> = {
  ui: 'You (this app)',
  mcp: 'Assistants',
  workflow: 'Workflows',
  cli: 'Command line',
  system: 'Officina',
};

const OUTCOME_OPTIONS = [
  { value: 'all', label: 'All' },
  { value: 'ok', label: 'Done' },
  { value: 'error', label: 'Failed' },
];

// A caller is a (kind, name) pair; the Select needs one string per option.
const callerValue = (caller: { caller_kind: CallerKind; caller: string }) =>
  JSON.stringify([caller.caller_kind, caller.caller]);

function parseCallerValue(value: string): ActivityFilters['caller'] {
  const parsed: unknown = JSON.parse(value);
  if (Array.isArray(parsed) && typeof parsed[0] === 'string' && typeof parsed[1] === 'string') {
    return { caller_kind: parsed[0] as CallerKind, caller: parsed[1] };
  }
  return null;
}

export interface ActivityFilterBarProps {
  filters: ActivityFilters;
  onChange: (filters: ActivityFilters) => void;
}

export function ActivityFilterBar({ filters, onChange }: ActivityFilterBarProps) {
  const facets = useActivityFacets();
  const refreshFacets = () => {
    if (facets.isStale) void facets.refetch();
  };
  const facetError = facets.isError ? `Could not load the choices: ${errorMessage(facets.error)}` : undefined;

  const callerGroups = Object.entries(KIND_LABELS)
    .map(([kind, label]) => ({
      group: label,
      items: (facets.data?.callers ?? [])
        .filter((c) => c.caller_kind === kind)
        .map((c) => ({
          value: callerValue(c),
          label:
            c.caller_kind === 'ui'
              ? `You (${c.caller})`
              : `${actorOf(c)}${actorOf(c) === c.caller ? '' : ` (${c.caller})`}`,
        })),
    }))
    .filter((group) => group.items.length > 0);

  const entityOptions = (facets.data?.entities ?? []).map((entity) => ({
    value: entity,
    label: ENTITY_LABELS[entity]?.many ?? entity,
  }));

  return (
    <Group gap="sm" align="flex-end" wrap="wrap">
      <Select
        label="Who"
        placeholder="Anyone"
        data={callerGroups}
        value={filters.caller ? callerValue(filters.caller) : null}
        onChange={(value) => onChange({ ...filters, caller: value === null ? null : parseCallerValue(value) })}
        onDropdownOpen={refreshFacets}
        error={facetError}
        searchable
        clearable
        nothingFoundMessage="Nobody by that name"
        w={220}
      />
      <Select
        label="Kind of record"
        placeholder="Any kind"
        data={entityOptions}
        value={filters.entity}
        onChange={(entity) => onChange({ ...filters, entity })}
        onDropdownOpen={refreshFacets}
        error={facetError}
        clearable
        w={200}
      />
      <SegmentedControl
        aria-label="Outcome"
        value={filters.outcome}
        onChange={(outcome) => onChange({ ...filters, outcome: outcome as OutcomeFilter })}
        data={OUTCOME_OPTIONS}
      />
      <Switch
        label="Show what assistants looked at"
        checked={filters.showReads}
        onChange={(event) => onChange({ ...filters, showReads: event.currentTarget.checked })}
        mb={6}
      />
    </Group>
  );
}
