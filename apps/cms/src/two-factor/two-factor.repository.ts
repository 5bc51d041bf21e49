import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { type DataSource, type EntityManager, IsNull, LessThan, type Repository } from 'typeorm';
import { RecoveryCode } from './recovery-code.entity.js';
import { UserTwoFactor } from './two-factor.entity.js';

/** The `user_two_factor` and `recovery_code` tables. */
@Injectable()
export class TwoFactorRepository {
  constructor(
    @InjectRepository(UserTwoFactor) private readonly factors: Repository<UserTwoFactor>,
    @InjectRepository(RecoveryCode) private readonly codes: Repository<RecoveryCode>,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  find(userId: number): Promise<UserTwoFactor | null> {
    return this.factors.findOneBy({ userId });
  }

  async isEnabled(userId: number): Promise<boolean> {
    const row = await this.factors.findOne({ where: { userId }, select: { enabledAt: true } });
    return row?.enabledAt != null;
  }

  /** Starts (or restarts) an enrolment with this secret; an enabled factor is left alone. */
  async startEnrolment(userId: number, secret: string): Promise<void> {
    await this.factors.delete({ userId, enabledAt: IsNull() });
    if (await this.factors.existsBy({ userId })) return;
    await this.factors.insert({ userId, secret, enabledAt: null, lastTimeStep: null });
  }

  /** Turns the pending enrolment on, with its first accepted step and fresh recovery codes. */
  async enable(userId: number, timeStep: number, codeHashes: string[]): Promise<boolean> {
    return this.dataSource.transaction(async (em) => {
      const done = await em.update(
        UserTwoFactor,
        { userId, enabledAt: IsNull() },
        { enabledAt: new Date(), lastTimeStep: timeStep },
      );
      if (done.affected !== 1) return false;
      await this.writeCodes(em, userId, codeHashes);
      return true;
    });
  }

  async disable(userId: number): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      await em.delete(RecoveryCode, { userId });
      await em.delete(UserTwoFactor, { userId });
    });
  }

  /** Records the step of an accepted code, unless that step (or a later one) was already used. */
  async acceptTimeStep(userId: number, timeStep: number): Promise<boolean> {
    const fresh = await this.factors.update(
      { userId, lastTimeStep: LessThan(timeStep) },
      { lastTimeStep: timeStep },
    );
    return fresh.affected === 1;
  }

  /** Uses a recovery code of the user: one conditional UPDATE, so it works once. */
  async useRecoveryCode(userId: number, codeHash: string): Promise<boolean> {
    const used = await this.codes.update({ userId, codeHash, usedAt: IsNull() }, { usedAt: new Date() });
    return used.affected === 1;
  }

  async replaceRecoveryCodes(userId: number, codeHashes: string[]): Promise<void> {
    await this.dataSource.transaction((em) => this.writeCodes(em, userId, codeHashes));
  }

  unusedRecoveryCodes(userId: number): Promise<number> {
    return this.codes.countBy({ userId, usedAt: IsNull() });
  }

  private async writeCodes(em: EntityManager, userId: number, codeHashes: string[]): Promise<void> {
    await em.delete(RecoveryCode, { userId });
    await em.insert(
      RecoveryCode,
      codeHashes.map((codeHash) => ({ userId, codeHash, usedAt: null })),
    );
  }
}
