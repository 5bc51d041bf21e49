import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { Test } from '@nestjs/testing';
import { HealthController } from './health.controller.js';

describe('cms /healthz', () => {
  it('reports ok', async () => {
    const moduleRef = await Test.createTestingModule({ controllers: [HealthController] }).compile();
    expect(moduleRef.get(HealthController).health()).toEqual({ status: 'ok' });
  });
});
