import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { StaffTwoFactorRule } from '../auth/staff-two-factor.js';
import { RecoveryCode } from './recovery-code.entity.js';
import { TwoFactorController } from './two-factor.controller.js';
import { UserTwoFactor } from './two-factor.entity.js';
import { TwoFactorRepository } from './two-factor.repository.js';
import { TwoFactorService } from './two-factor.service.js';

/**
 * TOTP two-factor sign-in: the enrolment page, and what login and the staff guard ask. Global:
 * the role guard, built in every module that uses it, asks StaffTwoFactorRule.
 */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([UserTwoFactor, RecoveryCode])],
  controllers: [TwoFactorController],
  providers: [
    TwoFactorRepository,
    TwoFactorService,
    { provide: StaffTwoFactorRule, useExisting: TwoFactorService },
  ],
  exports: [TwoFactorService, StaffTwoFactorRule],
})
export class TwoFactorModule {}
