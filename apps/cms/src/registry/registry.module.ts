import { Module } from '@nestjs/common';
import { MemoryRegistry } from '@tracker/redis';
import { AppConfig } from '../config/cms-config.js';
import { MemoryRegistryStore } from './memory-registry-store.js';
import { RedisRegistryStore } from './redis-registry-store.js';
import { RegistryChangeSubscriber } from './registry-change.subscriber.js';
import { RegistryPublisher } from './registry-publisher.js';
import type { RegistryStore } from './registry-store.js';
import {
  DEFAULT_REGISTRY_TIMINGS,
  REGISTRY_STORE,
  REGISTRY_TIMINGS,
  registryKeySchema,
} from './registry-tokens.js';
import { openSiteRedis } from './site-redis-client.js';

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
              registryKeySchema(config),
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
