import { validatePayload } from '@nightscout/protocol';
import { badRequest } from './nightscout-error';

/** Validates a request body against a protocol DTO; 400 listing the problems otherwise. */
export function validatedBody<T extends object>(dto: new () => T, body: unknown): T {
  const errors = validatePayload(dto, body);
  if (errors.length > 0) throw badRequest('Bad request body', errors.join('; '));
  return body as T;
}
