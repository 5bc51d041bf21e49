import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { RegistryStore } from '@tracker/core';
import { RegistryEpochWatch } from './registry-epoch.js';
import { RegistryOutboxDrainer } from './registry-outbox-drainer.js';
import { withRegistryLock } from './registry-lock.js';
import { RegistryReconciler, type ReconcileReport } from './registry-reconciler.js';
import { RegistryStateRepository } from './registry-state.repository.js';
import { REGISTRY_STORE, REGISTRY_TIMINGS, type RegistryTimings } from './registry-tokens.js';
import { RetryLoop } from '../workers/retry-loop.js';
import { SerialRunner } from './serial-runner.js';
import { installSqliteRegistryTriggers } from './sqlite-registry-triggers.js';

/**
 * Keeps the announcer's registry equal to the database: drains the outbox continuously (every
 * `pollMs`, and at once when this process commits a registry change) and reconciles in full
 * at start and every `reconcileMs`. Every `epochCheckMs` and at each reconnect it refreshes
 * the heartbeat and checks the epoch: a store that lost the registry (Redis restarted empty)
 * gets all of it again at once (`RegistryEpochWatch`), not at the next reconciliation.
 * Outages of the store are retried with backoff, never fatal. With several site processes on
 * one MySQL, only the one holding the registry lock writes.
 */
@Injectable()
export class RegistryPublisher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('RegistryPublisher');
  private readonly serial = new SerialRunner();
  private readonly drainer: RegistryOutboxDrainer;
  private readonly reconciler: RegistryReconciler;
  private readonly loop: RetryLoop;
  private readonly epoch: RegistryEpochWatch;
  private readonly epochLoop: RetryLoop;
  /** Until the first epoch check succeeds: it decides whether the start needs a reconciliation. */
  private started = false;
  private reconciling: Promise<void> | null = null;
  private reconcileTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(REGISTRY_STORE) private readonly store: RegistryStore,
    @Inject(REGISTRY_TIMINGS) private readonly timings: RegistryTimings,
  ) {
    const state = new RegistryStateRepository(dataSource);
    this.drainer = new RegistryOutboxDrainer(dataSource, state, store, this.logger);
    this.reconciler = new RegistryReconciler(state, store, this.logger, (busy, task) =>
      this.exclusive(busy, task),
    );
    this.loop = new RetryLoop(() => this.exclusive(false, () => this.drainer.drainBatch()), {
      name: 'registry outbox',
      idleMs: timings.pollMs,
      maxBackoffMs: timings.maxBackoffMs,
      logger: this.logger,
    });
    this.epoch = new RegistryEpochWatch(
      state,
      store,
      this.logger,
      (busy, task) => this.exclusive(busy, task),
      () => void this.reconcileSafely(),
    );
    this.epochLoop = new RetryLoop(() => this.checkEpoch(), {
      name: 'registry epoch',
      idleMs: timings.epochCheckMs,
      maxBackoffMs: timings.maxBackoffMs,
      logger: this.logger,
    });
    store.onReconnect(() => this.epochLoop.kick());
  }

  async onApplicationBootstrap(): Promise<void> {
    await installSqliteRegistryTriggers(this.dataSource);
    await this.store.ready();
    this.loop.start();
    this.epochLoop.start(); // its first check starts the first reconciliation, unless it republished
    this.reconcileTimer = setInterval(() => void this.reconcileSafely(), this.timings.reconcileMs);
    this.reconcileTimer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.reconcileTimer) clearInterval(this.reconcileTimer);
    await this.epochLoop.stop();
    await this.loop.stop();
    await this.reconciling;
    await this.serial.run(async () => undefined);
    await this.store.close();
  }

  /** Drain now rather than at the next poll (called after a registry change commits). */
  kick(): void {
    this.loop.kick();
  }

  /**
   * One full reconciliation, chunk by chunk serialized with the outbox drain (which may run
   * between two chunks). Throws if the store is down.
   */
  reconcile(): Promise<ReconcileReport> {
    return this.reconciler.reconcile();
  }

  /** One registry writer at a time: in this process (serial) and across processes (lock). */
  private exclusive<T>(busy: T, task: () => Promise<T>): Promise<T> {
    return this.serial.run(() => withRegistryLock(this.dataSource, busy, task));
  }

  /** One at a time: the timer, the start and a foreign epoch may all ask at once. */
  private reconcileSafely(): Promise<void> {
    this.reconciling ??= this.reconcile()
      .then(() => undefined)
      .catch((err: unknown) => {
        this.logger.warn(
          `registry reconciliation failed, next in ${this.timings.reconcileMs} ms: ${String(err)}`,
        );
      })
      .finally(() => (this.reconciling = null));
    return this.reconciling;
  }

  private async checkEpoch(): Promise<boolean> {
    const ttlSeconds = Math.max(5, Math.ceil((3 * this.timings.epochCheckMs) / 1000));
    const result = await this.epoch.check(ttlSeconds);
    if (!this.started) {
      this.started = true;
      if (result !== 'republished') void this.reconcileSafely();
    }
    return false;
  }
}
