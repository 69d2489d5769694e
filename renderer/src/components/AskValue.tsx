import { Button, Popover, Stack, TextInput } from '@mantine/core';
import { useState, type ReactNode } from 'react';

/** A bulk action that needs one value first (a tag, a category, a folder), asked in a small popover. */
export function AskValue({
  button,
  icon,
  label,
  placeholder,
  submit,
  disabled,
  allowEmpty = false,
  onValue,
}: {
  button: string;
  icon: ReactNode;
  label: string;
  placeholder: string;
  submit: string;
  disabled: boolean;
  /** An empty answer is one too (the top folder). */
  allowEmpty?: boolean;
  onValue: (value: string) => void;
}) {
  const [open, setOpen] = useState(false);
  const [value, setValue] = useState('');
  return (
    <Popover opened={open} onChange={setOpen} trapFocus position="bottom-start" withArrow>
      <Popover.Target>
        <Button size="xs" variant="light" leftSection={icon} disabled={disabled} onClick={() => setOpen((o) => !o)}>
          {button}
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            const given = value.trim();
            if (given === '' && !allowEmpty) return;
            setOpen(false);
            setValue('');
            onValue(given);
          }}
        >
          <Stack gap="xs">
            <TextInput
              label={label}
              placeholder={placeholder}
              value={value}
              onChange={(e) => setValue(e.currentTarget.value)}
              data-autofocus
            />
            <Button type="submit" size="xs">
              {submit}
            </Button>
          </Stack>
        </form>
      </Popover.Dropdown>
    </Popover>
  );
}
