import { Inject, Injectable, type INestApplication } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { buildAsyncApiDocument } from './asyncapi';
import { buildOpenApiDocument } from './openapi';
import type { SchemaObject } from './dto-schemas';

/** The contract documents of the running server, built on first use (the OpenAPI one needs the application). */
@Injectable()
export class ContractDocuments {
  private app?: INestApplication;
  private openApi?: OpenAPIObject;
  private asyncApi?: SchemaObject;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** Called by createApp: the routes are read from the application itself. */
  attach(app: INestApplication): void {
    this.app = app;
  }

  asyncApiDocument(): SchemaObject {
    return (this.asyncApi ??= buildAsyncApiDocument(this.config.rateLimits));
  }

  openApiDocument(): OpenAPIObject {
    if (!this.app) throw new Error('ContractDocuments.attach(app) was not called');
    return (this.openApi ??= buildOpenApiDocument(this.app));
  }
}
