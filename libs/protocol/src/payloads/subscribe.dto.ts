import { IsOptional, IsString, MaxLength } from 'class-validator';

export class StorageSubscribeDto {
  @IsOptional() @IsString() @MaxLength(4096) accessToken?: string;
  /** Not an array means "all collections" (reference behaviour), so any type is accepted here. */
  @IsOptional() collections?: unknown;
}

export class AlarmSubscribeDto {
  @IsOptional() @IsString() @MaxLength(4096) accessToken?: string;
  @IsOptional() @IsString() @MaxLength(4096) jwtToken?: string;
  @IsOptional() @IsString() @MaxLength(4096) secret?: string;
}

