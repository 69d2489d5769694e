import { Button, Group, Paper, Text } from '@mantine/core';
import { IconFolderShare, IconTag, IconTrash, IconX } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { Document } from '../../../../shared/vault.js';
import { call } from '../../api.js';
import { AskValue } from '../../components/AskValue.js';
import { eachRecord, tellBulk } from '../../components/bulk.js';
import { keys, refreshList } from '../../live.js';
import { joinPath, nameOf } from './paths.js';

const NOUNS: [string, string] = ['document', 'documents'];

/** What the person can do to the documents they ticked: tag, move to a folder, move to the trash. */
export function DocumentBulkBar({ selected, onClear }: { selected: Document[]; onClear: () => void }) {
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const count = `${selected.length} ${selected.length === 1 ? 'document' : 'documents'}`;

  const run = async (did: string, action: (d: Document) => Promise<unknown>) => {
    setBusy(true);
    try {
      tellBulk(await eachRecord(selected, (d) => d.name, action), NOUNS, did);
    } finally {
      setBusy(false);
      refreshList(queryClient, keys.documents);
      onClear();
    }
  };

  return (
    <Paper withBorder p="xs" role="region" aria-label="Selected documents">
      <Group gap="sm" wrap="wrap">
        <Text size="sm" fw={600}>
          {count} selected
        </Text>
        <AskValue
          button="Add tag"
          icon={<IconTag size={14} aria-hidden />}
          label="Tag to add"
          placeholder="contracts"
          submit={`Add to ${count}`}
          disabled={busy}
          onValue={(tag) =>
            void run(`tagged “${tag}”`, (d) =>
              d.tags.includes(tag)
                ? Promise.resolve()
                : call('update_document_metadata', {
                    document_id: d.document_id,
                    metadata: { tags: [...d.tags, tag] },
                  }),
            )
          }
        />
        <AskValue
          button="Move to folder"
          icon={<IconFolderShare size={14} aria-hidden />}
          label="Folder in the vault (empty for the top)"
          placeholder="archive/2026"
          submit={`Move ${count}`}
          allowEmpty
          disabled={busy}
          onValue={(folder) =>
            void run(`moved to ${folder === '' ? 'the top folder' : folder}`, (d) => {
              const target = joinPath(folder.replace(/^\/+|\/+$/g, ''), nameOf(d.document_id));
              return target === d.document_id
                ? Promise.resolve()
                : call('move_document', { document_id: d.document_id, new_path: target });
            })
          }
        />
        <Button
          size="xs"
          variant="light"
          color="red"
          leftSection={<IconTrash size={14} aria-hidden />}
          loading={busy}
          onClick={() => void run('moved to the trash', (d) => call('delete_document', { document_id: d.document_id }))}
        >
          Move to trash
        </Button>
        <Button size="xs" variant="subtle" color="gray" leftSection={<IconX size={14} aria-hidden />} onClick={onClear}>
          Clear selection
        </Button>
      </Group>
    </Paper>
  );
}
