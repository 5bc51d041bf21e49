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
import type { Request } from 'express';
import { hasRole } from '../users/user-input.js';
import type { Role } from '../users/user.entity.js';
import { LoginRequiredException } from './login-required.exception.js';

const REQUIRED_ROLE = 'cms:required-role';

@Injectable()
export class LoginGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    if (!context.switchToHttp().getRequest<Request>().user) throw new LoginRequiredException();
    return true;
  }
}

@Injectable()
export class RoleGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const required = this.reflector.getAllAndOverride<Role | undefined>(REQUIRED_ROLE, [
      context.getHandler(),
      context.getClass(),
    ]);
    const user = context.switchToHttp().getRequest<Request>().user;
    if (!user) throw new LoginRequiredException();
    if (required && !hasRole(user.role, required)) {
      throw new ForbiddenException(`This needs the ${required} role.`);
    }
    return true;
  }
}

/** Pages: redirect visitors to /login?next=…; API: 401 (put it after ApiAuth()). */
export const RequireLogin = (): MethodDecorator & ClassDecorator => UseGuards(LoginGuard);

/** Logged in with at least this role (user < uploader < editor < admin), else 403. */
export const RequireRole = (role: Role): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(REQUIRED_ROLE, role), UseGuards(RoleGuard));
