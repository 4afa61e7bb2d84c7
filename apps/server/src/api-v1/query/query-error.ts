import { badRequest } from '../../http/nightscout-error';

/** A `find`, `count` or `sort` parameter we refuse: always a 400 with the reason (never a 500, docs/protocol/api-v1.md V1-W1/V1-W9). */
export const queryError = (description: string) => badRequest('Bad query', description);
