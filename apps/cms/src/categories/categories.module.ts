import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Release } from '../releases/release.entity.js';
import { AdminCategoriesController } from './admin-categories.controller.js';
import { CategoriesService } from './categories.service.js';
import { Category } from './category.entity.js';
import { CategoryNavMiddleware } from './category-nav.middleware.js';

@Module({
  imports: [TypeOrmModule.forFeature([Category, Release])],
  controllers: [AdminCategoriesController],
  providers: [CategoriesService, CategoryNavMiddleware],
  exports: [CategoriesService, CategoryNavMiddleware],
})
export class CategoriesModule {}
