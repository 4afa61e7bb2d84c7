import { IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';
import { BaseDocumentDto } from './base.dto';
import { IsNumeric, IsPlainObject } from './validators';

/** Event types the careportal offers; uploaders send others freely. */
export const CAREPORTAL_EVENT_TYPES = [
  '<none>', 'BG Check', 'Snack Bolus', 'Meal Bolus', 'Correction Bolus', 'Carb Correction', 'Combo Bolus',
  'Announcement', 'Note', 'Question', 'Exercise', 'Site Change', 'Sensor Start', 'Sensor Change', 'Sensor Stop',
  'Pump Battery Change', 'Insulin Change', 'Temp Basal', 'Profile Switch', 'D.A.D. Alert', 'Temporary Target',
  'Temporary Override',
] as const;

export class TreatmentDto extends BaseDocumentDto {
  @IsOptional() @IsString() @MaxLength(128) eventType?: string;
  @IsOptional() @IsString() @MaxLength(256) enteredBy?: string;
  @IsOptional() @IsNumeric() insulin?: number | string;
  @IsOptional() @IsNumeric() carbs?: number | string;
  @IsOptional() @IsNumeric() protein?: number | string;
  @IsOptional() @IsNumeric() fat?: number | string;
  @IsOptional() @IsNumeric() glucose?: number | string;
  @IsOptional() @IsString() @MaxLength(32) glucoseType?: string;
  @IsOptional() @IsString() @MaxLength(16) units?: string;
  @IsOptional() @IsNumeric() duration?: number | string;
  @IsOptional() @IsNumeric() percent?: number | string;
  @IsOptional() @IsNumeric() absolute?: number | string;
  @IsOptional() @IsNumeric() rate?: number | string;
  @IsOptional() @IsNumeric() targetTop?: number | string;
  @IsOptional() @IsNumeric() targetBottom?: number | string;
  @IsOptional() @IsNumeric() preBolus?: number | string;
  @IsOptional() @IsString() @MaxLength(256) profile?: string;
  @IsOptional() @IsString() @MaxLength(1024) reason?: string;
  @IsOptional() @IsString() @MaxLength(10_000) notes?: string;
  @IsOptional() @IsBoolean() isAnnouncement?: boolean;
  @IsOptional() @IsPlainObject() boluscalc?: Record<string, unknown>;
}
