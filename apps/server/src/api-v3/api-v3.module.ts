import { Module, RequestMethod, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { CollectionController } from './collection.controller';
import { FallbackController } from './fallback.controller';
import { v3FormatSuffix } from './http/format-suffix.middleware';
import { V3AuthGuard } from './http/v3-auth.guard';
import { DocumentReads } from './operations/document-reads';
import { DocumentWrites } from './operations/document-writes';
import { ServerStateController } from './server-state.controller';
import { V3_SETTINGS, loadV3Settings } from './v3-settings';

/**
 * API v3 (docs/protocol/api-v3.md). `/api/v3/version` lives in StatusModule, which is imported first;
 * FallbackController must stay the last controller so that it only gets what nothing else routes.
 */
@Module({
  imports: [CqrsModule],
  controllers: [ServerStateController, CollectionController, FallbackController],
  providers: [{ provide: V3_SETTINGS, useFactory: () => loadV3Settings() }, V3AuthGuard, DocumentReads, DocumentWrites],
})
export class ApiV3Module implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(v3FormatSuffix).forRoutes({ path: 'api/v3/*path', method: RequestMethod.ALL });
  }
}
