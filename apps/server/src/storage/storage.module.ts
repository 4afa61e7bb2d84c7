import { Global, Module, type DynamicModule } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { StoreRegistry } from './store-registry';

/**
 * How the server talks to its database once started (main.ts checks the first connection before,
 * with MONGODB_CONNECT_TIMEOUT_MS). While the database is down an operation fails after
 * `serverSelectionTimeoutMS` instead of waiting in Mongoose's buffer, so a request gets its 503
 * within seconds; the driver checks every `heartbeatFrequencyMS` and reconnects by itself. No
 * retry loop at start: a failure there is reported once, in one line.
 */
export const DATABASE_CONNECTION_OPTIONS = { serverSelectionTimeoutMS: 3_000, heartbeatFrequencyMS: 2_000, bufferCommands: false, retryAttempts: 0 };

/** The database connection and one store per collection. */
@Global()
@Module({})
export class StorageModule {
  static forRoot(uri: string): DynamicModule {
    return {
      module: StorageModule,
      imports: [MongooseModule.forRoot(uri, DATABASE_CONNECTION_OPTIONS)],
      providers: [StoreRegistry],
      exports: [StoreRegistry, MongooseModule],
    };
  }
}
