import { Global, Module, type DynamicModule } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { StoreRegistry } from './store-registry';

/** The database connection and one store per collection. */
@Global()
@Module({})
export class StorageModule {
  static forRoot(uri: string): DynamicModule {
    return {
      module: StorageModule,
      imports: [MongooseModule.forRoot(uri, { serverSelectionTimeoutMS: 10_000 })],
      providers: [StoreRegistry],
      exports: [StoreRegistry, MongooseModule],
    };
  }
}
