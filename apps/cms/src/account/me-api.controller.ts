import { Controller, Get } from '@nestjs/common';
import { ApiAuth } from '../api-tokens/api-token.guard.js';
import { CurrentUser } from '../auth/current-user.decorator.js';
import type { User } from '../users/user.entity.js';
import { ratioOf } from '../users/user-input.js';

export interface MeResponse {
  username: string;
  role: string;
  uploaded: number;
  downloaded: number;
  /** null while nothing was downloaded (an infinite ratio). */
  ratio: number | null;
}

@Controller('api/v1/me')
@ApiAuth()
export class MeApiController {
  @Get()
  me(@CurrentUser() user: User): MeResponse {
    return {
      username: user.username,
      role: user.role,
      uploaded: user.uploaded,
      downloaded: user.downloaded,
      ratio: ratioOf(user.uploaded, user.downloaded),
    };
  }
}
