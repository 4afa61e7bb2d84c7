import type { CollectionName } from '@nightscout/protocol';

type IndexSpec = Record<string, 1 | -1>;

/** Plain indexes per collection: the reference's (docs/protocol/api-v1.md §6) plus what v3 history reads. */
export const COLLECTION_INDEXES: Readonly<Record<CollectionName, readonly IndexSpec[]>> = {
  entries: [{ date: 1 }, { type: 1 }, { sgv: 1 }, { mbg: 1 }, { sysTime: 1 }, { dateString: 1 }, { type: 1, date: -1, dateString: 1 }],
  treatments: [
    { created_at: 1 }, { eventType: 1 }, { insulin: 1 }, { carbs: 1 }, { glucose: 1 }, { enteredBy: 1 },
    { 'boluscalc.foods._id': 1 }, { notes: 1 }, { NSCLIENT_ID: 1 }, { percent: 1 }, { absolute: 1 }, { duration: 1 },
    { eventType: 1, duration: 1, created_at: 1 },
  ],
  devicestatus: [{ created_at: 1 }, { NSCLIENT_ID: 1 }],
  profile: [{ startDate: 1 }, { created_at: 1 }],
  food: [{ type: 1 }, { position: 1 }, { hidden: 1 }, { created_at: 1 }],
  activity: [{ created_at: 1 }],
  settings: [],
};

/** Every collection: v3 history and soft delete. `identifier` is indexed separately (unique). */
export const SERVER_FIELD_INDEXES: readonly IndexSpec[] = [{ srvModified: 1 }, { isValid: 1 }];
