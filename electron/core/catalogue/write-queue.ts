/** Writes run one at a time in call order (DESIGN.md rule 1; Actual Budget's mutator queue). */
export class WriteQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task);
    this.tail = result.catch(() => undefined);
    return result;
  }

  idle(): Promise<void> {
    return this.tail.then(() => undefined);
  }
}
