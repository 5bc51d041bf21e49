import {
  type CanActivate,
  type ExecutionContext,
  Injectable,
  UnauthorizedException,
  UseGuards,
} from '@nestjs/common';
import type { Request } from 'express';
import { ApiTokensService } from './api-tokens.service.js';

/** `Authorization: Bearer <token>` → req.user; anything else is a 401 with a JSON message. */
@Injectable()
export class ApiTokenGuard implements CanActivate {
  constructor(private readonly tokens: ApiTokensService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request>();
    const match = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '');
    const user = match?.[1] ? await this.tokens.authenticate(match[1]) : null;
    if (!user)
      throw new UnauthorizedException('Missing or invalid API token (Authorization: Bearer <token>).');
    req.user = user;
    return true;
  }
}

/** For /api/v1 controllers: authenticate by API token. Add RequireRole(...) after it to restrict. */
export const ApiAuth = (): MethodDecorator & ClassDecorator => UseGuards(ApiTokenGuard);
