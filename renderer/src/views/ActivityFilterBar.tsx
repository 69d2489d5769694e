import { Group, SegmentedControl, Select } from '@mantine/core';
import type { CallerKind } from '../../../shared/activity.js';
import { errorMessage } from '../notify.js';
import { useActivityFacets, type ActivityFilters, type OutcomeFilter } from './activityQueries.js';

const KIND_LABELS: Record<CallerKind, string> = {
  ui: 'Officina app',
  mcp: 'MCP clients',
  workflow: 'Workflows',
  cli: 'Command line',
  system: 'System',
};

const OUTCOME_OPTIONS = [
  { value: 'all', label: 'All' },
  { value: 'ok', label: 'OK' },
  { value: 'error', label: 'Errors' },
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
        .map((c) => ({ value: callerValue(c), label: c.caller })),
    }))
    .filter((group) => group.items.length > 0);

  return (
    <Group gap="sm" align="flex-end" wrap="wrap">
      <Select
        label="Caller"
        placeholder="Anyone"
        data={callerGroups}
        value={filters.caller ? callerValue(filters.caller) : null}
        onChange={(value) => onChange({ ...filters, caller: value === null ? null : parseCallerValue(value) })}
        onDropdownOpen={refreshFacets}
        error={facetError}
        searchable
        clearable
        nothingFoundMessage="No caller by that name"
        w={240}
      />
      <Select
        label="Operation"
        placeholder="Any operation"
        data={facets.data?.operations ?? []}
        value={filters.operation}
        onChange={(operation) => onChange({ ...filters, operation })}
        onDropdownOpen={refreshFacets}
        error={facetError}
        searchable
        clearable
        nothingFoundMessage="No operation by that name"
        w={240}
      />
      <SegmentedControl
        aria-label="Outcome"
        value={filters.outcome}
        onChange={(outcome) => onChange({ ...filters, outcome: outcome as OutcomeFilter })}
        data={OUTCOME_OPTIONS}
      />
    </Group>
  );
}
