import { Alert, Button, Checkbox, Group, Loader, NumberInput, Stack } from '@mantine/core';
import type { ReactNode } from 'react';

/** One limit a person can turn off: its checkbox, and the number it keeps while on. */
export function OptionalLimit(props: {
  toggleLabel: string;
  on: boolean;
  onToggle: (on: boolean) => void;
  label: string;
  description: ReactNode;
  value: number | string;
  min: number;
  max?: number;
  error: string | undefined;
  onChange: (value: number | string) => void;
}) {
  return (
    <Stack gap="xs">
      <Checkbox
        label={props.toggleLabel}
        checked={props.on}
        onChange={(event) => props.onToggle(event.currentTarget.checked)}
      />
      <NumberInput
        label={props.label}
        description={props.description}
        value={props.value}
        disabled={!props.on}
        min={props.min}
        max={props.max}
        clampBehavior="none"
        allowDecimal={false}
        allowNegative={false}
        error={props.error}
        onChange={props.onChange}
      />
    </Stack>
  );
}

/** The server's objections that belong to no field, above the form. */
export function FormErrors({ title, messages }: { title: string; messages: readonly string[] }) {
  if (messages.length === 0) return null;
  return (
    <Alert color="red" title={title}>
      {messages.map((message) => (
        <div key={message}>{message}</div>
      ))}
    </Alert>
  );
}

/** Discard (while there is a draft) and the submit button, which shows it is saving. */
export function LimitsFormFooter(props: {
  draft: boolean;
  pending: boolean;
  onDiscard: () => void;
  saveLabel: string;
}) {
  return (
    <Group justify="flex-end">
      {props.draft && (
        <Button variant="default" onClick={props.onDiscard} disabled={props.pending}>
          Discard changes
        </Button>
      )}
      {/* Not `loading`: that disables the button, which would drop keyboard focus to the page. */}
      <Button
        type="submit"
        aria-busy={props.pending}
        leftSection={props.pending ? <Loader size={14} color="white" aria-hidden /> : undefined}
      >
        {props.saveLabel}
      </Button>
    </Group>
  );
}
