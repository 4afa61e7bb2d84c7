import type { CollectionName } from '../collections';
import { EntryDto } from './entry.dto';
import { ActivityDto, DeviceStatusDto, FoodDto, ProfileDto, SettingsDto } from './other.dto';
import { TreatmentDto } from './treatment.dto';
import type { BaseDocumentDto } from './base.dto';

export * from './base.dto';
export * from './entry.dto';
export * from './treatment.dto';
export * from './other.dto';
export * from './validators';

/** The DTO class that validates a document of each collection. */
export const DOCUMENT_DTOS: Readonly<Record<CollectionName, new () => BaseDocumentDto>> = {
  entries: EntryDto,
  treatments: TreatmentDto,
  devicestatus: DeviceStatusDto,
  profile: ProfileDto,
  food: FoodDto,
  activity: ActivityDto,
  settings: SettingsDto,
};
