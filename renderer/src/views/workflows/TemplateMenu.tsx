import { ActionIcon, Menu } from '@mantine/core';
import { IconBraces } from '@tabler/icons-react';

export interface TemplateChoice {
  /** What the person reads: "Find customer → customer id". */
  label: string;
  /** What is inserted: "{{ steps.find.output.customer_id }}". */
  template: string;
}

export interface TemplateGroup {
  label: string;
  choices: TemplateChoice[];
}

/** A small menu beside a field: put in a value from the run's input or an earlier step's result. */
export function TemplateMenu({
  groups,
  field,
  onPick,
}: {
  groups: readonly TemplateGroup[];
  field: string;
  onPick: (template: string) => void;
}) {
  const any = groups.some((g) => g.choices.length > 0);
  return (
    <Menu position="bottom-end" withinPortal shadow="md" width={300}>
      <Menu.Target>
        <ActionIcon
          variant="subtle"
          size="sm"
          aria-label={`Insert a value into ${field}`}
          title="Use a value from the run's input or an earlier step"
          disabled={!any}
        >
          <IconBraces size={16} aria-hidden />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown mah={360} style={{ overflowY: 'auto' }}>
        {groups
          .filter((g) => g.choices.length > 0)
          .map((group) => (
            <div key={group.label}>
              <Menu.Label>{group.label}</Menu.Label>
              {group.choices.map((choice) => (
                <Menu.Item key={choice.template} onClick={() => onPick(choice.template)}>
                  {choice.label}
                </Menu.Item>
              ))}
            </div>
          ))}
      </Menu.Dropdown>
    </Menu>
  );
}
