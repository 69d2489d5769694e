import { z } from 'zod';
import type { AllowedFolder, AllowedFolders } from '../../../shared/allowed-folders.js';
import { OpError } from '../../../shared/errors.js';
import type { Clock, EventSink } from '../catalogue/context.js';
import type { Store } from '../store/store.js';
import { checkAbsolute, checkNewFolder, inspectFolder, samePath, showPath, type PathRules } from './paths.js';

const KEY = 'allowed_folders';
const Stored = z.array(z.string());

/**
 * The folders outside the vault that files may be read from or written to: those given with
 * --allow-path (for this process only) and those the person added in Settings (stored, shared with the
 * other Officina process). Read from the database on every use, so a removal applies at once everywhere.
 */
export class AllowedFoldersService {
  private readonly store: Store;
  private readonly clock: Clock;
  private readonly cli: readonly string[];
  private readonly rules: PathRules;

  constructor(deps: { store: Store; clock: Clock; cli: readonly string[]; rules: PathRules }) {
    this.store = deps.store;
    this.clock = deps.clock;
    this.cli = deps.cli;
    this.rules = deps.rules;
  }

  /** Every folder, usable or not; the path guard checks each again when it is used. */
  folders(): string[] {
    return [...this.cli, ...this.stored()];
  }

  list(): AllowedFolders {
    const items: AllowedFolder[] = [];
    const seen: string[] = [];
    const add = (path: string, source: AllowedFolder['source']) => {
      // A folder given both ways is listed once, as cli: removing it in Settings would not stop it.
      if (seen.some((other) => samePath(other, path, this.rules))) return;
      seen.push(path);
      const inspected = inspectFolder(path, this.rules);
      items.push({ path, source, problem: 'problem' in inspected ? inspected.problem : null });
    };
    for (const path of this.cli) add(path, 'cli');
    for (const path of this.stored()) add(path, 'settings');
    return { vault: this.rules.vault, items };
  }

  add(path: string, events: EventSink): AllowedFolders {
    const real = checkNewFolder(path, this.rules);
    const stored = this.stored();
    if (!stored.some((other) => samePath(other, real, this.rules))) {
      this.save([...stored, real], events);
    }
    return this.list();
  }

  remove(path: string, events: EventSink): AllowedFolders {
    const given = checkAbsolute(path, this.rules);
    // The person may name the folder as stored (its real path) or as they know it (through a link).
    const real = inspectFolder(given, this.rules);
    const matches = (other: string) =>
      samePath(other, given, this.rules) || ('real' in real && samePath(other, real.real, this.rules));
    const stored = this.stored();
    const kept = stored.filter((other) => !matches(other));
    if (kept.length < stored.length) {
      this.save(kept, events);
      return this.list();
    }
    if (this.cli.some(matches)) {
      throw new OpError(
        'conflict',
        `${showPath(path)} was allowed with --allow-path when Officina started; it stays allowed until Officina ` +
          'is started without it.',
        [{ path: 'path', message: 'Allowed with --allow-path' }],
      );
    }
    throw new OpError('not_found', `${showPath(path)} is not one of the allowed folders.`, [
      { path: 'path', message: 'Not an allowed folder' },
    ]);
  }

  private stored(): string[] {
    const row = this.store.first(this.store.query.selectFrom('settings').select('value').where('key', '=', KEY));
    if (!row) return [];
    let value: unknown;
    try {
      value = JSON.parse(row.value);
    } catch {
      value = undefined;
    }
    // An unreadable list fails closed: nothing outside the vault until the person adds folders again.
    const parsed = Stored.safeParse(value);
    return parsed.success ? parsed.data : [];
  }

  private save(folders: string[], events: EventSink): void {
    const now = this.clock.now().toISOString();
    const value = JSON.stringify(folders);
    this.store.run(
      this.store.query
        .insertInto('settings')
        .values({ key: KEY, value, updated_at: now })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now })),
    );
    events.emit({ type: 'settings.changed' });
  }
}
