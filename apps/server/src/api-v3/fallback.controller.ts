import { All, Controller, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { V3_MESSAGES } from '@nightscout/protocol';
import { v3Error } from './http/v3-error';
import { V3ExceptionFilter } from './http/v3-exception.filter';

/**
 * Everything under /api/v3 that no other route takes: unknown collections and unmapped methods. Not
 * an operation of its own in the OpenAPI document: each v3 route documents its 404.
 */
@ApiExcludeController()
@Controller('api/v3')
@UseFilters(V3ExceptionFilter)
export class FallbackController {
  @All(['', '*path'])
  notFound(): never {
    throw v3Error(404, V3_MESSAGES.badCollection);
  }
}
