import { Module } from '@nestjs/common';
import { MemoryRegistry, MemoryRegistryStore, type RegistryStore } from '@tracker/core';
import { RedisRegistryStore } from '@tracker/redis';
import { AppConfig } from '../config/cms-config.js';
import { openSiteRedis, siteKeySchema } from '../redis/site-redis.js';
import { RegistryChangeSubscriber } from './registry-change.subscriber.js';
import { RegistryPublisher } from './registry-publisher.js';
import { DEFAULT_REGISTRY_TIMINGS, REGISTRY_STORE, REGISTRY_TIMINGS } from './registry-tokens.js';

/**
 * Publishes the registry the announcer reads: into Redis when REDIS_URL is set, else into the
 * in-process `MemoryRegistry` (exported, so an embedded announcer in this process shares it).
 */
@Module({
  providers: [
    { provide: MemoryRegistry, useFactory: () => new MemoryRegistry() },
    {
      provide: REGISTRY_STORE,
      inject: [AppConfig, MemoryRegistry],
      useFactory: (config: AppConfig, memory: MemoryRegistry): RegistryStore =>
        config.redisUrl
          ? new RedisRegistryStore(
              openSiteRedis(config.redisUrl, 'cms-registry', 2000),
              siteKeySchema(config),
            )
          : new MemoryRegistryStore(memory),
    },
    { provide: REGISTRY_TIMINGS, useValue: DEFAULT_REGISTRY_TIMINGS },
    RegistryPublisher,
    RegistryChangeSubscriber,
  ],
  exports: [MemoryRegistry, RegistryPublisher, REGISTRY_STORE],
})
export class RegistryModule {}
