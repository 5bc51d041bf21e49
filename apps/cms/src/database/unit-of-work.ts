import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

/**
 * One open database transaction, handed by a service from repository to repository so that
 * writes of several features commit together. Only repositories read `manager`.
 */
export class Transaction {
  constructor(readonly manager: EntityManager) {}
}

/** Opens transactions for services, which never see the data source itself. */
@Injectable()
export class UnitOfWork {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  run<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    return this.dataSource.transaction((manager) => work(new Transaction(manager)));
  }
}
