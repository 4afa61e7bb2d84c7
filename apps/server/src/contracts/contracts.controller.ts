import { Controller, Get, Header } from '@nestjs/common';
import { dump } from 'js-yaml';
import { ContractDocuments } from './contract-documents';
import { Operation, ok } from './openapi-decorators';
import { v3Part } from './openapi';

const DOCUMENT = { type: 'object' };

/** The machine-readable contracts: AsyncAPI for the socket channels, OpenAPI for REST (the UI is at /api-docs). */
@Controller()
export class ContractsController {
  constructor(private readonly documents: ContractDocuments) {}

  @Get('api/asyncapi.json')
  @Operation('The AsyncAPI 3.0 document of the socket channels /, /storage and /alarm', null, ok('The document', DOCUMENT))
  asyncApi() {
    return this.documents.asyncApiDocument();
  }

  @Get('api/openapi.json')
  @Operation('This OpenAPI 3.1 document', null, ok('The document', DOCUMENT))
  openApi() {
    return this.documents.openApiDocument();
  }

  @Get('api/v3/swagger.json')
  @Operation('The API v3 part of the OpenAPI document, where Nightscout serves its v3 swagger file', null, ok('The document', DOCUMENT))
  v3Json() {
    return v3Part(this.documents.openApiDocument());
  }

  @Get('api/v3/swagger.yaml')
  @Header('Content-Type', 'application/yaml; charset=utf-8')
  @Operation('The API v3 part as YAML', null, ok('The document', undefined, ['application/yaml']))
  v3Yaml() {
    return dump(v3Part(this.documents.openApiDocument()), { noRefs: true });
  }
}
