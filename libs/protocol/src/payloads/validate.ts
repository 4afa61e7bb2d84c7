import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import type { CollectionName } from '../collections';
import { DOCUMENT_DTOS } from '../documents';
import { documentProblem } from '../documents/validators';

/** A failed type check (`isString`, `isNumber`, ...) makes the property's other messages noise. */
const relevant = (constraints: Record<string, string>): string[] => {
  const typeChecks = Object.entries(constraints).filter(([name]) => /^is[A-Z]/.test(name));
  return (typeChecks.length > 0 ? typeChecks : Object.entries(constraints)).map(([, message]) => message);
};

const flatten = (errors: ValidationError[], parent = ''): string[] =>
  errors.flatMap((e) => {
    const path = parent ? `${parent}.${e.property}` : e.property;
    return [...relevant(e.constraints ?? {}).map((m) => m.replace(e.property, path)), ...flatten(e.children ?? [], path)];
  });

/** Validates a plain value against a DTO class; returns the error messages (empty when valid). */
export function validatePayload<T extends object>(dto: new () => T, value: unknown): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return ['payload must be an object'];
  const problem = documentProblem(value);
  if (problem) return [problem];
  const instance = plainToInstance(dto, value, { enableImplicitConversion: false });
  return flatten(validateSync(instance, { forbidUnknownValues: false, whitelist: false }));
}

/** Validates one document of a collection: the collection's field rules and the storage safety rules. */
export const validateDocument = (collection: CollectionName, value: unknown): string[] =>
  validatePayload(DOCUMENT_DTOS[collection], value);
