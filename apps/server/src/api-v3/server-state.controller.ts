import { Controller, Get, Res, UseFilters, UseGuards } from '@nestjs/common';
import { API_V3_VERSION, NIGHTSCOUT_VERSION, V3_COLLECTIONS, apiPermission, type ApiAction } from '@nightscout/protocol';
import type { Response } from 'express';
import type { Authorization } from '../auth/auth.service';
import { grants } from '../auth/auth.service';
import { StoreRegistry } from '../storage/store-registry';
import { V3AuthGuard, V3Auth } from './http/v3-auth.guard';
import { V3ExceptionFilter } from './http/v3-exception.filter';
import { sendJson } from './http/send';
import { DocumentReads } from './operations/document-reads';
import { V3LastModified, V3Status } from './http/v3-docs';

const LETTERS: readonly [string, ApiAction][] = [['c', 'create'], ['r', 'read'], ['u', 'update'], ['d', 'delete']];

/**
 * The caller's letters of "crud" per collection. The reference checks `api:undefined:*` here (docs/protocol/api-v3.md §8.9);
 * this reports the real per-collection permissions.
 */
function apiPermissions(auth: Authorization): Record<string, string> {
  const result: Record<string, string> = {};
  for (const collection of V3_COLLECTIONS) {
    const letters = LETTERS.filter(([, action]) => grants(auth, apiPermission(collection, action))).map(([letter]) => letter).join('');
    if (letters) result[collection] = letters;
  }
  return result;
}

/** `GET /api/v3/status` and `GET /api/v3/lastModified` (docs/protocol/api-v3.md §8.9, §8.10). */
@Controller('api/v3')
@UseGuards(V3AuthGuard)
@UseFilters(V3ExceptionFilter)
export class ServerStateController {
  private storageVersion?: string;

  constructor(
    private readonly stores: StoreRegistry,
    private readonly reads: DocumentReads,
  ) {}

  @Get('status')
  @V3Status()
  async status(@V3Auth() auth: Authorization, @Res() res: Response) {
    this.storageVersion ??= await this.stores.storageVersion();
    const result = {
      version: NIGHTSCOUT_VERSION,
      apiVersion: API_V3_VERSION,
      srvDate: Date.now(),
      storage: { storage: 'mongodb', version: this.storageVersion },
      apiPermissions: apiPermissions(auth),
    };
    sendJson(res, 200, { status: 200, result });
  }

  @Get('lastModified')
  @V3LastModified()
  async lastModified(@V3Auth() auth: Authorization, @Res() res: Response) {
    const srvDate = Date.now();
    sendJson(res, 200, { status: 200, result: { srvDate, collections: await this.reads.lastModified(auth) } });
  }
}
