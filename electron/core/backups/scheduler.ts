import type { Clock } from '../catalogue/context.js';
import type { Logger } from '../log.js';
import type { BackupService } from './service.js';

/** How often the scheduler looks whether a backup is due (the policy counts in hours). */
const CHECK_MS = 10 * 60_000;
/** The first look waits a little: start-up (the vault scan, the window) comes first. */
const FIRST_CHECK_MS = 60_000;

/**
 * Scheduled backups while the app or `serve` runs: when the newest scheduled backup is older than the
 * policy's interval (or there is none), one is made. The newest backup on disk is the schedule's
 * memory, so a restart does not back up again, and two processes on one data directory see each
 * other's backups (both may, rarely, back up at the same moment: two copies, no harm).
 */
export class BackupScheduler {
  private readonly deps: { backups: BackupService; clock: Clock; log: Logger };
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(deps: BackupScheduler['deps']) {
    this.deps = deps;
  }

  start(): void {
    this.plan(FIRST_CHECK_MS);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Makes a scheduled backup if one is due; returns whether it did (tests call it directly). */
  async tick(): Promise<boolean> {
    if (this.running) {
      await this.running;
      return false;
    }
    let made = false;
    this.running = (async () => {
      if (!this.due()) return;
      try {
        const backup = await this.deps.backups.create('scheduled');
        made = true;
        this.deps.log.info(`Scheduled backup written: ${backup.path}`);
      } catch (error) {
        this.deps.log.error('The scheduled backup could not be written; it is tried again later', { error });
      }
    })().finally(() => (this.running = undefined));
    await this.running;
    return made;
  }

  due(): boolean {
    const policy = this.deps.backups.policy();
    if (!policy.scheduled) return false;
    const newest = this.deps.backups.list().find((b) => b.kind === 'scheduled');
    if (!newest) return true;
    return this.deps.clock.now().getTime() - Date.parse(newest.created_at) >= policy.interval_hours * 3_600_000;
  }

  private plan(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.tick().then(() => this.plan(CHECK_MS));
    }, ms);
    this.timer.unref();
  }
}
