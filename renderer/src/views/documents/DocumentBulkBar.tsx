import { IconFolderShare, IconTag } from '@tabler/icons-react';
import type { Document } from '../../../../shared/vault.js';
import { call } from '../../api.js';
import { AskValue } from '../../components/AskValue.js';
import { BulkBar, useBulkRun } from '../../components/BulkBar.js';
import { keys, refreshList } from '../../live.js';
import { joinPath, nameOf } from './paths.js';

/** What the person can do to the documents they ticked: tag, move to a folder, move to the trash. */
export function DocumentBulkBar({ selected, onClear }: { selected: Document[]; onClear: () => void }) {
  const bulk = useBulkRun({
    selected,
    nameOf: (d) => d.name,
    nouns: ['document', 'documents'],
    refresh: (queryClient) => refreshList(queryClient, keys.documents),
    onClear,
  });
  const { busy, count, run } = bulk;

  return (
    <BulkBar
      bulk={bulk}
      label="Selected documents"
      onClear={onClear}
      trash={(d) => call('delete_document', { document_id: d.document_id })}
    >
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
    </BulkBar>
  );
}
