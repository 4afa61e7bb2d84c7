import { Module } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import { ContractDocuments } from './contract-documents';
import { ContractsController } from './contracts.controller';

/** Imported before ApiV3Module, whose `:collection` routes would otherwise take /api/v3/swagger.json. */
@Module({ controllers: [ContractsController], providers: [ContractDocuments] })
export class ContractsModule {}

/**
 * Lets the documents read the application's routes and serves the interactive OpenAPI UI at
 * /api-docs from the swagger-ui-dist package installed with the server (no remote assets).
 */
export function serveContracts(app: NestExpressApplication): void {
  const documents = app.get(ContractDocuments);
  documents.attach(app);
  SwaggerModule.setup('api-docs', app, () => documents.openApiDocument(), {
    raw: false,
    customSiteTitle: 'Nightscout REST API',
    swaggerOptions: { validatorUrl: null, tryItOutEnabled: false, persistAuthorization: false },
  });
}
