/**
 * Runs tasks one at a time, in order. The outbox drain and reconciliation share one: each
 * reads the database and then writes the registry, so interleaving them could let an older
 * read overwrite a newer write.
 */
export class SerialRunner {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
