import { IsOptional, IsString, MaxLength } from 'class-validator';
import { BaseDocumentDto } from './base.dto';
import { IsNumeric } from './validators';

export const ENTRY_DIRECTIONS = [
  'DoubleUp', 'SingleUp', 'FortyFiveUp', 'Flat', 'FortyFiveDown', 'SingleDown', 'DoubleDown',
  'NOT COMPUTABLE', 'RATE OUT OF RANGE', 'NONE',
] as const;

/** A CGM reading (`sgv`), meter reading (`mbg`) or calibration (`cal`). */
export class EntryDto extends BaseDocumentDto {
  @IsOptional() @IsString() @MaxLength(64) type?: string;
  @IsOptional() @IsString() @MaxLength(64) dateString?: string;
  @IsOptional() @IsNumeric() sgv?: number | string;
  @IsOptional() @IsNumeric() mbg?: number | string;
  @IsOptional() @IsString() @MaxLength(64) direction?: string;
  @IsOptional() @IsNumeric() noise?: number;
  @IsOptional() @IsNumeric() filtered?: number;
  @IsOptional() @IsNumeric() unfiltered?: number;
  @IsOptional() @IsNumeric() rssi?: number;
  @IsOptional() @IsNumeric() delta?: number;
  @IsOptional() @IsNumeric() slope?: number;
  @IsOptional() @IsNumeric() intercept?: number;
  @IsOptional() @IsNumeric() scale?: number;
}

/** Directions real uploaders send; others are stored too, this list serves the careportal. */
export const isKnownDirection = (value: string): boolean => (ENTRY_DIRECTIONS as readonly string[]).includes(value);
