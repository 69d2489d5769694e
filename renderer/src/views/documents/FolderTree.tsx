import { Loader, Text, UnstyledButton } from '@mantine/core';
import { IconChevronDown, IconChevronRight, IconFolder, IconFolderOpen } from '@tabler/icons-react';
import { useRef, useState, type KeyboardEvent } from 'react';
import { ancestorsOf, nameOf } from './paths.js';
import { useSubfolders } from './documentQueries.js';

export interface FolderTreeProps {
  selected: string;
  onSelect: (folder: string) => void;
}

/**
 * The vault's folders as an ARIA tree with one keyboard stop: arrows move, Right opens a folder (or
 * steps into it), Left closes it (or steps out), Enter shows its documents. Subfolders load when a
 * folder is opened.
 */
export function FolderTree({ selected, onSelect }: FolderTreeProps) {
  const [opened, setOpened] = useState<Set<string>>(() => new Set(['', ...ancestorsOf(selected)]));
  const treeRef = useRef<HTMLUListElement>(null);
  const [focused, setFocused] = useState(selected);

  // The selected folder's parents open when a document elsewhere is opened (search, a link).
  const [shownFor, setShownFor] = useState(selected);
  if (shownFor !== selected) {
    setShownFor(selected);
    const missing = ancestorsOf(selected)
      .slice(0, -1)
      .filter((a) => !opened.has(a));
    if (missing.length > 0) setOpened(new Set([...opened, ...missing]));
  }

  const toggle = (folder: string, open?: boolean) => {
    // Closing a folder around the keyboard's place moves that place to the folder, which stays in view.
    if (
      open !== true &&
      opened.has(folder) &&
      focused.startsWith(folder === '' ? '' : `${folder}/`) &&
      focused !== folder
    )
      setFocused(folder);
    setOpened((current) => {
      const next = new Set(current);
      if (open ?? !next.has(folder)) next.add(folder);
      else next.delete(folder);
      return next;
    });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>) => {
    const items = [...(treeRef.current?.querySelectorAll<HTMLElement>('[role="treeitem"]') ?? [])];
    const index = items.findIndex((item) => item === document.activeElement);
    if (index < 0) return;
    const item = items[index];
    const folder = item?.dataset['folder'] ?? '';
    const focus = (target: HTMLElement | undefined) => {
      if (!target) return;
      setFocused(target.dataset['folder'] ?? '');
      target.focus();
    };
    switch (event.key) {
      case 'ArrowDown':
        focus(items[index + 1]);
        break;
      case 'ArrowUp':
        focus(items[index - 1]);
        break;
      case 'Home':
        focus(items[0]);
        break;
      case 'End':
        focus(items.at(-1));
        break;
      case 'ArrowRight':
        if (item?.getAttribute('aria-expanded') === 'false') toggle(folder, true);
        else if (item?.getAttribute('aria-expanded') === 'true') focus(items[index + 1]);
        break;
      case 'ArrowLeft':
        if (item?.getAttribute('aria-expanded') === 'true' && folder !== '') toggle(folder, false);
        else if (folder !== '') {
          const parent = folder.includes('/') ? folder.slice(0, folder.lastIndexOf('/')) : '';
          focus(items.find((i) => i.dataset['folder'] === parent));
        }
        break;
      case 'Enter':
      case ' ':
        onSelect(folder);
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  return (
    <ul role="tree" aria-label="Folders" className="folder-tree" ref={treeRef} onKeyDown={onKeyDown}>
      <FolderNode
        folder=""
        depth={0}
        opened={opened}
        selected={selected}
        focused={focused}
        onToggle={toggle}
        onSelect={(folder) => {
          setFocused(folder);
          onSelect(folder);
        }}
      />
    </ul>
  );
}

interface FolderNodeProps {
  folder: string;
  depth: number;
  opened: Set<string>;
  selected: string;
  focused: string;
  onToggle: (folder: string) => void;
  onSelect: (folder: string) => void;
}

function FolderNode(props: FolderNodeProps) {
  const { folder, depth, opened, selected, focused, onToggle, onSelect } = props;
  const isOpen = opened.has(folder);
  const children = useSubfolders(folder, isOpen);
  const known = children.data;
  // Until a folder has been opened, it may have subfolders; once loaded, an empty one shows no toggle.
  const expandable = known === undefined || known.length > 0;
  const label = folder === '' ? 'Vault' : nameOf(folder);
  const FolderIcon = isOpen ? IconFolderOpen : IconFolder;

  return (
    <li
      role="treeitem"
      aria-level={depth + 1}
      aria-selected={folder === selected}
      aria-expanded={expandable ? isOpen : undefined}
      aria-label={label}
      data-folder={folder}
      tabIndex={folder === focused ? 0 : -1}
      className="folder-tree-item"
      onClick={(event) => {
        event.stopPropagation();
        onSelect(folder);
      }}
    >
      <div
        className="folder-tree-row"
        data-selected={folder === selected || undefined}
        style={{ paddingLeft: depth * 14 }}
      >
        {expandable ? (
          <UnstyledButton
            tabIndex={-1}
            aria-hidden
            className="folder-tree-toggle"
            onClick={(event) => {
              event.stopPropagation();
              onToggle(folder);
            }}
          >
            {isOpen ? <IconChevronDown size={14} /> : <IconChevronRight size={14} />}
          </UnstyledButton>
        ) : (
          <span className="folder-tree-toggle" />
        )}
        <FolderIcon size={16} stroke={1.6} aria-hidden />
        <Text span size="sm" truncate>
          {label}
        </Text>
        {isOpen && children.isPending && <Loader size={12} aria-hidden />}
      </div>
      {isOpen && known && known.length > 0 && (
        <ul role="group">
          {known.map((child) => (
            <FolderNode key={child} {...props} folder={child} depth={depth + 1} />
          ))}
        </ul>
      )}
    </li>
  );
}
