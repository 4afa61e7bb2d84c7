import { ArrayMaxSize, IsArray, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';

const OBJECT_ID = /^[0-9a-fA-F]{24}$/;

/** A subject of `/api/v2/authorization/subjects`: a named holder of roles with a derived access token. */
export class SubjectDto {
  @IsOptional() @IsString() @Matches(OBJECT_ID, { message: '_id must be a 24-character hex string' }) _id?: string;
  @IsString() @MinLength(1) @MaxLength(128) name!: string;
  @IsArray() @ArrayMaxSize(50) @IsString({ each: true }) @MaxLength(128, { each: true }) roles!: string[];
  @IsOptional() @IsString() @MaxLength(2048) notes?: string;
  @IsOptional() @IsString() @MaxLength(64) created_at?: string;
}

/** A role of `/api/v2/authorization/roles`: a name for a list of Shiro-style permissions. */
export class RoleDto {
  @IsOptional() @IsString() @Matches(OBJECT_ID, { message: '_id must be a 24-character hex string' }) _id?: string;
  @IsString() @MinLength(1) @MaxLength(128) name!: string;
  @IsArray() @ArrayMaxSize(200) @IsString({ each: true }) @MaxLength(256, { each: true }) permissions!: string[];
  @IsOptional() @IsString() @MaxLength(2048) notes?: string;
  @IsOptional() @IsString() @MaxLength(64) created_at?: string;
}
