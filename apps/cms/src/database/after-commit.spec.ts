import { describe, expect, it } from '@jest/globals';
import type { EntityMetadata, InsertEvent, QueryRunner, TransactionCommitEvent } from 'typeorm';
import { AfterCommitSubscriber } from './after-commit.js';

/** What the subscriber reads of a query runner: whether its transaction is open. */
function runner(): QueryRunner & { isTransactionActive: boolean } {
  return { isTransactionActive: false } as QueryRunner & { isTransactionActive: boolean };
}

function setup(alsoAtWrite = false) {
  const runs: string[] = [];
  const subscriber = new AfterCommitSubscriber({
    watches: (table) => table.tableName === 'release',
    afterCommit: () => runs.push('run'),
    alsoAtWrite,
  });
  const write = (on: QueryRunner, tableName = 'release') =>
    subscriber.afterInsert({
      metadata: { tableName } as EntityMetadata,
      queryRunner: on,
    } as InsertEvent<unknown>);
  const event = (on: QueryRunner) => ({ queryRunner: on }) as TransactionCommitEvent;
  const commit = (on: QueryRunner & { isTransactionActive: boolean }, depth = 1) => {
    on.isTransactionActive = depth > 1;
    subscriber.afterTransactionCommit(event(on));
  };
  const rollback = (on: QueryRunner & { isTransactionActive: boolean }) => {
    on.isTransactionActive = false;
    subscriber.afterTransactionRollback(event(on));
  };
  const begin = (on: QueryRunner & { isTransactionActive: boolean }) => {
    on.isTransactionActive = true;
  };
  return { runs, write, commit, rollback, begin };
}

describe('AfterCommitSubscriber', () => {
  it('runs at once for a write outside a transaction, and not for a table it does not watch', () => {
    const { runs, write } = setup();
    write(runner(), 'comment');
    expect(runs).toEqual([]);
    write(runner());
    expect(runs).toEqual(['run']);
  });

  it('runs once when the transaction of its writes commits, not at the writes', () => {
    const { runs, write, commit, begin } = setup();
    const tx = runner();
    begin(tx);
    write(tx);
    write(tx);
    expect(runs).toEqual([]);
    commit(tx);
    commit(tx);
    expect(runs).toEqual(['run']);
  });

  it("waits for its own transaction, not another one's commit", () => {
    const { runs, write, commit, begin } = setup();
    const [mine, other] = [runner(), runner()];
    begin(mine);
    begin(other);
    write(mine);
    commit(other);
    expect(runs).toEqual([]);
    commit(mine);
    expect(runs).toEqual(['run']);
  });

  it('waits past a released savepoint for the outer commit', () => {
    const { runs, write, commit, begin } = setup();
    const tx = runner();
    begin(tx);
    write(tx);
    commit(tx, 2);
    expect(runs).toEqual([]);
    commit(tx);
    expect(runs).toEqual(['run']);
  });

  it('runs nothing for a transaction rolled back, even when the same runner commits later', () => {
    const { runs, write, commit, rollback, begin } = setup();
    const tx = runner();
    begin(tx);
    write(tx);
    rollback(tx);
    begin(tx);
    commit(tx);
    expect(runs).toEqual([]);
  });

  it('runs at the write and again at the commit when asked to (a cache)', () => {
    const { runs, write, commit, begin } = setup(true);
    const tx = runner();
    begin(tx);
    write(tx);
    expect(runs).toEqual(['run']);
    commit(tx);
    expect(runs).toEqual(['run', 'run']);
  });
});
