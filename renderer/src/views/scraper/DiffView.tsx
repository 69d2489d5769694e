import { Code, ScrollArea } from '@mantine/core';

/** A unified diff with its lines coloured: what went away in red, what appeared in green. */
export function DiffView({ diff, label }: { diff: string; label: string }) {
  const lines = diff.split('\n').filter((line) => !/^(Index:|=+$|---|\+\+\+)/.test(line));
  return (
    <ScrollArea.Autosize mah={360} type="auto">
      <Code block aria-label={label} className="scraper-diff">
        {lines.map((line, index) => {
          const kind = line.startsWith('@@')
            ? 'hunk'
            : line.startsWith('+')
              ? 'added'
              : line.startsWith('-')
                ? 'removed'
                : 'same';
          return (
            <span key={index} className={`diff-line diff-${kind}`}>
              {kind === 'hunk' ? '…' : line}
              {'\n'}
            </span>
          );
        })}
      </Code>
    </ScrollArea.Autosize>
  );
}
