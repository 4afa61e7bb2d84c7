import { IsBoolean, IsNumber, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsPlainObject, IsSafeDocument, IsStringOrNumber, MAX_DOCUMENTS_PER_WRITE, MaxBatch } from '../documents/validators';

/** Credentials are strings or absent: a non-string secret crashed the reference (docs/protocol/legacy-socket.md LS-W12). */
export class AuthorizeDto {
  @IsOptional() @IsString() @MaxLength(256) client?: string;
  @IsOptional() @IsString() @MaxLength(4096) secret?: string | null;
  @IsOptional() @IsString() @MaxLength(4096) token?: string | null;
  @IsOptional() @IsNumber() history?: number;
  @IsOptional() @IsBoolean() status?: boolean;
}

/** The collection is checked by the gateway so that the reference's `Wrong collection` ack is kept. */
class CollectionPayload {
  @IsString() @MaxLength(64) collection!: string;
}

export class DbAddDto extends CollectionPayload {
  /** One document or an array of documents. */
  @IsPlainObject({ each: true }) @IsSafeDocument({ each: true }) @MaxBatch(MAX_DOCUMENTS_PER_WRITE)
  data!: Record<string, unknown> | Record<string, unknown>[];
}

export class DbRemoveDto extends CollectionPayload {
  @IsOptional() @IsStringOrNumber() _id?: string;
}

export class DbUpdateDto extends DbRemoveDto {
  @IsPlainObject() @IsSafeDocument() data!: Record<string, unknown>;
}

export class LoadRetroDto {
  @IsOptional() @IsNumber() loadedMills?: number;
}
