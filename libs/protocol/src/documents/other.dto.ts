import { IsArray, IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';
import { BaseDocumentDto } from './base.dto';
import { IsNumeric, IsPlainObject } from './validators';

/** Loop, OpenAPS, AndroidAPS and uploader status reports. */
export class DeviceStatusDto extends BaseDocumentDto {
  @IsOptional() @IsPlainObject() openaps?: Record<string, unknown>;
  @IsOptional() @IsPlainObject() loop?: Record<string, unknown>;
  @IsOptional() @IsPlainObject() pump?: Record<string, unknown>;
  @IsOptional() @IsPlainObject() uploader?: Record<string, unknown>;
  @IsOptional() @IsPlainObject() xdripjs?: Record<string, unknown>;
  @IsOptional() @IsNumeric() uploaderBattery?: number | string;
}

/** A profile store document. */
export class ProfileDto extends BaseDocumentDto {
  @IsOptional() @IsString() @MaxLength(256) defaultProfile?: string;
  @IsOptional() @IsString() @MaxLength(64) startDate?: string;
  @IsOptional() @IsPlainObject() store?: Record<string, unknown>;
  @IsOptional() @IsString() @MaxLength(16) units?: string;
}

/** A food or a quickpick. */
export class FoodDto extends BaseDocumentDto {
  @IsOptional() @IsString() @MaxLength(32) type?: string;
  @IsOptional() @IsString() @MaxLength(256) name?: string;
  @IsOptional() @IsString() @MaxLength(256) category?: string;
  @IsOptional() @IsString() @MaxLength(256) subcategory?: string;
  @IsOptional() @IsNumeric() carbs?: number | string;
  @IsOptional() @IsNumeric() portion?: number | string;
  @IsOptional() @IsString() @MaxLength(32) unit?: string;
  @IsOptional() @IsNumeric() position?: number | string;
  @IsOptional() @IsBoolean() hidden?: boolean;
  @IsOptional() @IsArray() foods?: unknown[];
}

export class ActivityDto extends BaseDocumentDto {
  @IsOptional() @IsString() @MaxLength(128) eventType?: string;
  @IsOptional() @IsNumeric() duration?: number | string;
  @IsOptional() @IsString() @MaxLength(10_000) notes?: string;
}

/** APIv3 settings documents (per-app settings, addressed by an app-chosen identifier). */
export class SettingsDto extends BaseDocumentDto {}
