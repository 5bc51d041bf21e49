import type {
  EntityMetadata,
  EntitySubscriberInterface,
  InsertEvent,
  QueryRunner,
  RemoveEvent,
  TransactionCommitEvent,
  TransactionRollbackEvent,
  UpdateEvent,
} from 'typeorm';

export interface AfterCommitOptions {
  /** Whether a write to this entity counts. */
  readonly watches: (metadata: EntityMetadata) => boolean;
  /**
   * Runs once a counted write is durable: at once when it ran outside a transaction, else
   * when its transaction commits (once per transaction, however many writes it made).
   */
  readonly afterCommit: () => void;
  /**
   * Runs `afterCommit` at the write itself too, inside the transaction: for a cache that must
   * forget at once, and again at the commit (a read in between may have cached the old state).
   */
  readonly alsoAtWrite?: boolean;
}

type WriteEvent = InsertEvent<unknown> | UpdateEvent<unknown> | RemoveEvent<unknown>;

/**
 * "Do this after this process's write commits" as a TypeORM subscriber. Each transaction is
 * followed by its own query runner: another transaction's commit does not stand for this
 * one, a released savepoint is not the commit, and a transaction rolled back runs nothing.
 * Writes by other processes, or by raw SQL that bypasses the subscribers, are not seen.
 */
export class AfterCommitSubscriber implements EntitySubscriberInterface {
  /** Query runners whose open transaction made a counted write. */
  private readonly pending = new WeakSet<QueryRunner>();

  constructor(private readonly options: AfterCommitOptions) {}

  afterInsert(event: InsertEvent<unknown>): void {
    this.written(event);
  }

  afterUpdate(event: UpdateEvent<unknown>): void {
    this.written(event);
  }

  afterRemove(event: RemoveEvent<unknown>): void {
    this.written(event);
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    const runner = event.queryRunner;
    // Still active: a savepoint was released; the outer transaction may yet roll back.
    if (runner.isTransactionActive || !this.pending.has(runner)) return;
    this.pending.delete(runner);
    this.options.afterCommit();
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    // A savepoint rolled back may leave earlier writes of the transaction: keep waiting.
    if (!event.queryRunner.isTransactionActive) this.pending.delete(event.queryRunner);
  }

  private written(event: WriteEvent): void {
    if (!this.options.watches(event.metadata)) return;
    if (!event.queryRunner.isTransactionActive) return this.options.afterCommit();
    this.pending.add(event.queryRunner);
    if (this.options.alsoAtWrite) this.options.afterCommit();
  }
}
