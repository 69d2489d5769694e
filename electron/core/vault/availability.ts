import { lstatSync, readdirSync, type Stats } from 'node:fs';
import { OpError } from '../../../shared/errors.js';
import type { VaultState } from '../../../shared/vault.js';
import type { EventBus } from '../events/bus.js';
import type { Logger } from '../log.js';
import type { Store } from '../store/store.js';

/** Where the device the vault was last seen on is kept (settings row). */
const DEVICE_KEY = 'vault_device';

/** What the vault folder was when it last held documents: its path and the device it was on. */
export interface RememberedVault {
  vault: string;
  dev: number;
}

/**
 * Whether the vault folder is there, judged from what is on disk and what the database knows; pure,
 * so `officina doctor` judges the same way without opening the app.
 *
 * Unavailable: the folder is missing while documents are recorded (a folder deleted, a disk
 * unplugged: not every document deleted), is not a folder, cannot be read, or is an empty folder on
 * another device than the vault was on (what an unmounted disk leaves at its mount point; an empty
 * folder on the same device is a vault someone emptied, whose documents are then deleted). Without a
 * remembered device, an empty folder where documents were recorded counts as unmounted too: putting
 * any file in it says otherwise.
 */
export function judgeVault(
  root: string,
  /** `documents`: how many live documents are recorded, asked only when the answer depends on it. */
  known: { documents: () => number; remembered: RememberedVault | undefined },
  look: { lstat: (path: string) => Stats; entries: (path: string) => number } = {
    lstat: (path) => lstatSync(path),
    entries: (path) => readdirSync(path).length,
  },
): VaultState & { dev?: number } {
  const away = (reason: NonNullable<VaultState['reason']>, problem: string): VaultState => ({
    available: false,
    reason,
    problem,
  });
  /** "its 3 documents are kept", "its document is kept". */
  const kept = () => {
    const n = known.documents();
    return n === 1 ? 'document is kept' : `${n} documents are kept`;
  };
  let stats: Stats;
  try {
    stats = look.lstat(root);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      // A vault that was never made (a fresh install) is made by the first upload.
      if (known.documents() === 0) return { available: true, reason: null, problem: null };
      return away(
        'missing',
        `The vault folder ${root} is not there (disk unplugged, or the folder moved or deleted?). Its ${kept()} ` +
          'with metadata and history, and nothing can be saved into the vault until it is back: plug the disk in ' +
          'or put the folder back, or start Officina with --vault where it is now.',
      );
    }
    return away(
      'unreadable',
      `The vault folder ${root} cannot be read (${code ?? 'unknown error'}); its ${kept()}. Check the disk and the folder's permissions.`,
    );
  }
  if (!stats.isDirectory()) {
    return away(
      'not_folder',
      `The vault ${root} is not a folder any more; its ${kept()}. Put the vault folder back, or start Officina with --vault where it is.`,
    );
  }
  const remembered = known.remembered?.vault === root ? known.remembered : undefined;
  // On the disk it was on: the vault, whatever it holds (one lstat is the whole cost of a look).
  if (remembered?.dev !== stats.dev && known.documents() > 0) {
    let entries: number;
    try {
      entries = look.entries(root);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return away(
        'unreadable',
        `The vault folder ${root} cannot be read (${code ?? 'unknown error'}); its ${kept()}. Check the disk and the folder's permissions.`,
      );
    }
    if (entries === 0) {
      return away(
        'empty',
        `The vault folder ${root} is empty and not on the disk it was on: a disk that is not mounted? Its ${kept()}; ` +
          'mount the disk and the files are found again. (If you emptied the folder on purpose, put a file in it.)',
      );
    }
  }
  return { available: true, reason: null, problem: null, dev: stats.dev };
}

/**
 * The vault folder's state for the running app: looked at when asked (a write, /ready, the app info)
 * and by the watcher every second, announced on the bus (`vault.changed`) and in the log when it
 * changes. Costs one lstat per look while nothing changes.
 */
export class VaultAvailability {
  private state: VaultState = { available: true, reason: null, problem: null };
  private remembered: RememberedVault | undefined;
  private readonly listeners = new Set<(state: VaultState) => void>();

  constructor(private readonly deps: { root: string; store: Store; bus: EventBus; log: Logger }) {
    this.remembered = this.readRemembered();
  }

  get root(): string {
    return this.deps.root;
  }

  /** Looks at the folder now; announces a change. */
  check(): VaultState {
    const judged = judgeVault(this.deps.root, { documents: () => this.liveDocuments(), remembered: this.remembered });
    const { dev, ...state } = judged;
    if (state.available && dev !== undefined) this.remember(dev);
    if (state.available !== this.state.available || state.reason !== this.state.reason) {
      this.state = state;
      if (state.available) this.deps.log.info('the vault folder is back', { vault: this.deps.root });
      else
        this.deps.log.warn('the vault folder is unavailable; nothing is deleted or written there until it is back', {
          vault: this.deps.root,
          reason: state.reason,
        });
      this.deps.bus.publish({ type: 'vault.changed', ...state });
      for (const listener of this.listeners) listener(state);
    }
    return this.state;
  }

  /** The state as last looked at (no disk access). */
  current(): VaultState {
    return this.state;
  }

  /** Throws `io_error` (the reason, and what to do) unless the vault folder is there to be written. */
  require(field?: string): void {
    const state = this.check();
    if (!state.available) {
      throw new OpError(
        'io_error',
        state.problem ?? 'The vault folder is not available.',
        field ? [{ path: field, message: 'Vault unavailable' }] : undefined,
      );
    }
  }

  onChange(listener: (state: VaultState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private liveDocuments(): number {
    const { store } = this.deps;
    return (
      store.first(
        store.query
          .selectFrom('documents')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('deleted_at', 'is', null),
      )?.n ?? 0
    );
  }

  /** The device the vault is on, kept while it holds documents (an unmounted disk's mount point is on another). */
  private remember(dev: number): void {
    if (this.remembered?.vault === this.deps.root && this.remembered.dev === dev) return;
    if (this.liveDocuments() === 0) return;
    const value: RememberedVault = { vault: this.deps.root, dev };
    this.remembered = value;
    const { store } = this.deps;
    const json = JSON.stringify(value);
    const now = new Date().toISOString();
    try {
      store.transaction(() =>
        store.run(
          store.query
            .insertInto('settings')
            .values({ key: DEVICE_KEY, value: json, updated_at: now })
            .onConflict((oc) => oc.column('key').doUpdateSet({ value: json, updated_at: now })),
        ),
      );
    } catch (error) {
      // Kept in memory for this run; the next start remembers it again when it can write.
      this.deps.log.warn('could not record which disk the vault is on', { error });
    }
  }

  private readRemembered(): RememberedVault | undefined {
    return readRememberedVault(
      (key) =>
        this.deps.store.first(this.deps.store.query.selectFrom('settings').select('value').where('key', '=', key))
          ?.value,
    );
  }
}

/** The remembered vault from its settings row (`read` gives a row's JSON value), for the app and the doctor. */
export function readRememberedVault(read: (key: string) => string | undefined): RememberedVault | undefined {
  try {
    const value = JSON.parse(read(DEVICE_KEY) ?? 'null') as Partial<RememberedVault> | null;
    return typeof value?.vault === 'string' && typeof value.dev === 'number'
      ? { vault: value.vault, dev: value.dev }
      : undefined;
  } catch {
    return undefined; // Not readable as written by this code: as if never remembered.
  }
}
