import { type DynamicModule, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { MemorySwarmStore, type SwarmStore } from '@tracker/core';
import { type RedisClient, RedisSwarmStore } from '@tracker/redis';
import { AppConfig } from '../config/cms-config.js';
import { openSiteRedis, siteKeySchema } from '../redis/site-redis.js';
import { LiveCountsService } from './live-counts.service.js';
import {
  DEFAULT_SWARM_COUNTS_OPTIONS,
  SWARM_COUNTS_OPTIONS,
  SWARM_COUNTS_REDIS,
  SWARM_STORE,
  type SwarmCountsOptions,
} from './swarm-counts-options.js';
import { SwarmCountsSync } from './swarm-counts-sync.js';

export interface SwarmCountsModuleOptions {
  readonly options?: SwarmCountsOptions | undefined;
  /** The embedded mode's in-process store, shared with the announcer of this process. */
  readonly swarm?: SwarmStore | undefined;
}

/** Closes the connection this module opened (never an injected store: its owner does). */
@Injectable()
class SwarmCountsConnection implements OnApplicationShutdown {
  constructor(@Inject(SWARM_COUNTS_REDIS) private readonly redis: RedisClient | null) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.redis && this.redis.status !== 'end') this.redis.disconnect();
  }
}

/**
 * Live seeders/leechers for pages and the periodic copy into the torrent table. Global, so
 * one store (and one Redis connection) serves every feature module. The store is, in order:
 * the injected embedded store, Redis when REDIS_URL is set, else an empty in-process store
 * (a CMS started alone without Redis has no announcer to share swarms with).
 */
@Module({})
export class SwarmCountsModule {
  static forRoot(setup: SwarmCountsModuleOptions = {}): DynamicModule {
    return {
      module: SwarmCountsModule,
      global: true,
      providers: [
        { provide: SWARM_COUNTS_OPTIONS, useValue: setup.options ?? DEFAULT_SWARM_COUNTS_OPTIONS },
        {
          provide: SWARM_COUNTS_REDIS,
          inject: [AppConfig],
          useFactory: (config: AppConfig): RedisClient | null =>
            config.redisUrl && !setup.swarm ? openSiteRedis(config.redisUrl, 'cms-swarm-counts', 500) : null,
        },
        {
          provide: SWARM_STORE,
          inject: [AppConfig, SWARM_COUNTS_REDIS, SWARM_COUNTS_OPTIONS],
          useFactory: (
            config: AppConfig,
            redis: RedisClient | null,
            options: SwarmCountsOptions,
          ): SwarmStore =>
            setup.swarm ??
            (redis
              ? new RedisSwarmStore({
                  redis,
                  keys: siteKeySchema(config),
                  peerTtlSeconds: options.peerTtlSeconds,
                })
              : new MemorySwarmStore()),
        },
        SwarmCountsConnection,
        LiveCountsService,
        SwarmCountsSync,
      ],
      exports: [LiveCountsService, SwarmCountsSync, SWARM_STORE, SWARM_COUNTS_OPTIONS],
    };
  }
}
