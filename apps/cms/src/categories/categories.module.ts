import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdminCategoriesController } from './admin-categories.controller.js';
import { CategoriesRepository } from './categories.repository.js';
import { CategoriesService } from './categories.service.js';
import { Category } from './category.entity.js';
import { CategoryNavMiddleware } from './category-nav.middleware.js';

@Module({
  imports: [TypeOrmModule.forFeature([Category])],
  controllers: [AdminCategoriesController],
  providers: [CategoriesRepository, CategoriesService, CategoryNavMiddleware],
  exports: [CategoriesService, CategoryNavMiddleware],
})
export class CategoriesModule {}
