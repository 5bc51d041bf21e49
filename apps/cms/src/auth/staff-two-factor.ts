import type { User } from '../users/user.entity.js';

/**
 * The role guard's question to the two-factor feature, which sits above auth and provides the
 * answer (two-factor.module.ts): must this staff account turn on two-factor sign-in before it
 * uses staff pages, because the site requires it and the account lacks it?
 */
export abstract class StaffTwoFactorRule {
  abstract mustEnrol(user: User): Promise<boolean>;
  /** What the API answers (403) to such an account; pages are sent to the enrolment page. */
  abstract readonly apiRefusal: string;
}
