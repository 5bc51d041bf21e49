import {
  applyDecorators,
  type CanActivate,
  type ExecutionContext,
  ForbiddenException,
  Injectable,
  SetMetadata,
  UseGuards,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { LoginRequiredException } from '../http/login-required.exception.js';
import { hasRole } from '../users/user-input.js';
import type { Role } from '../users/user.entity.js';
import { StaffTwoFactorRule } from './staff-two-factor.js';

const REQUIRED_ROLE = 'cms:required-role';

@Injectable()
export class LoginGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    if (!context.switchToHttp().getRequest<Request>().user) throw new LoginRequiredException();
    return true;
  }
}

/**
 * Checks the role, and, when the site requires two-factor sign-in of staff, that a staff
 * account (editor, admin) has it before any role-guarded page or API call: a page redirects
 * to /account/2fa with the reason, the API answers 403.
 */
@Injectable()
export class RoleGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly twoFactor: StaffTwoFactorRule,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const required = this.reflector.getAllAndOverride<Role | undefined>(REQUIRED_ROLE, [
      context.getHandler(),
      context.getClass(),
    ]);
    const req = context.switchToHttp().getRequest<Request>();
    const user = req.user;
    if (!user) throw new LoginRequiredException();
    if (required && !hasRole(user.role, required)) {
      throw new ForbiddenException(`This needs the ${required} role.`);
    }
    if (!(await this.twoFactor.mustEnrol(user))) return true;
    if (req.path.startsWith('/api/')) throw new ForbiddenException(this.twoFactor.apiRefusal);
    // Answered here: the exception filter then sees the response sent and adds nothing.
    context.switchToHttp().getResponse<Response>().redirect(303, '/account/2fa?done=required');
    return false;
  }
}

/** Pages: redirect visitors to /login?next=…; API: 401 (put it after ApiAuth()). */
export const RequireLogin = (): MethodDecorator & ClassDecorator => UseGuards(LoginGuard);

/** Logged in with at least this role (user < uploader < editor < admin), else 403. */
export const RequireRole = (role: Role): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(REQUIRED_ROLE, role), UseGuards(RoleGuard));
