import { IsBoolean, IsNumber, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsStringOrNumber } from './validators';

/**
 * Fields every collection's documents may carry. Documents are open: fields not declared here
 * are stored as sent (after the safety checks), so validation never strips them.
 */
export class BaseDocumentDto {
  [field: string]: unknown;

  @IsOptional() @IsStringOrNumber() _id?: string | number;
  @IsOptional() @IsString() @MaxLength(256) identifier?: string;
  @IsOptional() @IsStringOrNumber() created_at?: string | number;
  @IsOptional() @IsStringOrNumber() date?: number | string;
  @IsOptional() @IsNumber() utcOffset?: number;
  @IsOptional() @IsString() @MaxLength(256) app?: string;
  @IsOptional() @IsString() @MaxLength(256) device?: string;
  @IsOptional() @IsString() @MaxLength(256) NSCLIENT_ID?: string;
  @IsOptional() @IsBoolean() isValid?: boolean;
  @IsOptional() @IsBoolean() isReadOnly?: boolean;
}
