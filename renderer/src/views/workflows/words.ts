import type { RunStatus, StepKind, StepStatus, WorkflowTrigger } from '../../../../shared/workflows.js';

/** How the person reads a run's status. */
export const RUN_STATUS: Record<RunStatus, { label: string; color: string }> = {
  queued: { label: 'Waiting to start', color: 'gray' },
  running: { label: 'Running', color: 'blue' },
  waiting: { label: 'Paused (delay)', color: 'cyan' },
  completed: { label: 'Finished', color: 'green' },
  failed: { label: 'Failed', color: 'red' },
  cancelled: { label: 'Cancelled', color: 'gray' },
  needs_decision: { label: 'Needs your decision', color: 'orange' },
  skipped: { label: 'Not started', color: 'yellow' },
};

export const STEP_STATUS: Record<StepStatus, { label: string; color: string }> = {
  running: { label: 'Running', color: 'blue' },
  completed: { label: 'Done', color: 'green' },
  failed: { label: 'Failed', color: 'red' },
  skipped: { label: 'Skipped', color: 'gray' },
  uncertain: { label: 'Cut off — needs your decision', color: 'orange' },
  waiting: { label: 'Waiting', color: 'cyan' },
};

/** The step kinds other than calling an operation, as the palette offers them. */
export const STEP_KIND_TEXT: Record<StepKind, { label: string; about: string }> = {
  op: { label: 'Operation', about: 'Does one thing in Officina.' },
  condition: { label: 'If / else', about: 'Goes one way or the other depending on a condition.' },
  foreach: { label: 'For each item', about: 'Does one operation for every item of a list.' },
  transform: { label: 'Reshape data', about: 'Builds new data from what earlier steps gave.' },
  validate: { label: 'Check records', about: 'Checks each item of a list against rules; sorts out the bad ones.' },
  delay: { label: 'Wait', about: 'Pauses the run for a while, or until a time.' },
  export: { label: 'Export to documents', about: 'Writes data to a CSV or JSON file in the vault.' },
};

export const EVENT_TEXT: Record<string, string> = {
  'record.changed': 'a record changes',
  'document.changed': 'a document changes',
  'monitor.changed': 'a watched page changes',
  'run.updated': 'another run moves on',
};

export function triggerLabel(trigger: WorkflowTrigger): string {
  switch (trigger.type) {
    case 'manual':
      return 'Started by hand';
    case 'schedule':
      return `On a schedule (${trigger.cron}${trigger.timezone ? `, ${trigger.timezone}` : ''})`;
    case 'event': {
      const what =
        trigger.event === 'record.changed' && trigger.entity
          ? `a ${trigger.entity} is ${trigger.action ?? 'changed'}`
          : (EVENT_TEXT[trigger.event] ?? trigger.event);
      const status = trigger.status ? ` (now ${trigger.status})` : '';
      return `When ${what}${status}${trigger.folder ? ` in ${trigger.folder}` : ''}${trigger.when ? ', if its condition holds' : ''}`;
    }
  }
}

/** "customer_id" → "Customer id". */
export function humanize(name: string): string {
  const words = name
    .replaceAll('_', ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .trim();
  return words.charAt(0).toUpperCase() + words.slice(1).toLowerCase();
}

export function durationText(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}
