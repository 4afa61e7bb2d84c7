import { Controller, Get, HttpException } from '@nestjs/common';
import { API_V3_VERSION, NIGHTSCOUT_VERSION, V3_MESSAGES, type V3Result, type V3Version } from '@nightscout/protocol';
import { StoreRegistry } from '../storage/store-registry';
import { Operation, ok, v3Error } from '../contracts/openapi-decorators';

/** `GET /api/v3/version`: public, no token (docs/protocol/api-v3.md §8.8). */
@Controller('api/v3')
export class VersionController {
  private storageVersion?: string;

  constructor(private readonly stores: StoreRegistry) {}

  @Get('version')
  @Operation('Server and API versions (no token needed)', 'api-v3.md §8.8', ok('`{status: 200, result: {version, apiVersion, srvDate, storage}}`', { type: 'object' }), v3Error(500, 'Database error'))
  async version(): Promise<V3Result<V3Version>> {
    try {
      this.storageVersion ??= await this.stores.storageVersion();
    } catch {
      throw new HttpException({ status: 500, message: V3_MESSAGES.databaseError }, 500);
    }
    return {
      status: 200,
      result: { version: NIGHTSCOUT_VERSION, apiVersion: API_V3_VERSION, srvDate: Date.now(), storage: { storage: 'mongodb', version: this.storageVersion } },
    };
  }
}
