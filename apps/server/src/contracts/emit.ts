import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AppModule } from '../app.module';
import { loadConfig } from '../config/app-config';
import { ENVIRONMENT_VARIABLES, PLUGIN_VARIABLES } from '../config/variables';
import { createLogger } from '../observability/logger';
import { COLLECTION_INDEXES, SERVER_FIELD_INDEXES } from '../storage/collection-schemas';
import { buildAsyncApiDocument } from './asyncapi';
import { buildOpenApiDocument } from './openapi';

/**
 * The build writes the contract documents of the default configuration next to the server
 * (`dist/contracts/`), for the documentation site: `node dist/contracts/emit.js [folder]`. Nest's
 * preview mode builds the module graph without instantiating providers, so no database is needed.
 */
async function emit(folder: string): Promise<void> {
  const config = loadConfig({});
  const app = await NestFactory.create(AppModule.forRoot(config, 'mongodb://127.0.0.1:1/unused', createLogger({ logLevel: 'silent' })), { preview: true, logger: false, abortOnError: false });
  const documents = {
    'openapi.json': buildOpenApiDocument(app),
    'asyncapi.json': buildAsyncApiDocument(config.rateLimits),
    'configuration.json': {
      variables: ENVIRONMENT_VARIABLES.map(({ pattern: _pattern, ...variable }) => variable),
      plugins: PLUGIN_VARIABLES,
      // What the first start adds to an existing database (the migration page).
      indexes: { collections: COLLECTION_INDEXES, everyCollection: SERVER_FIELD_INDEXES },
    },
  };
  await app.close();
  mkdirSync(folder, { recursive: true });
  for (const [name, document] of Object.entries(documents)) writeFileSync(join(folder, name), `${JSON.stringify(document, null, 2)}\n`);
  console.log(`contracts: wrote ${Object.keys(documents).join(', ')} to ${folder}`);
}

emit(resolve(process.argv[2] ?? join(__dirname))).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
