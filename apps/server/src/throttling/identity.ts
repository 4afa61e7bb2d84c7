import type { Authorization } from '../auth/auth.service';

/** Who a rate limit counts against once credentials resolved: `admin` or `subject:<name>`; else undefined (use the address). */
export const throttleIdentity = (auth: Pick<Authorization, 'isApiSecret' | 'subject'> | null | undefined): string | undefined =>
  auth?.isApiSecret ? 'admin' : auth?.subject ? `subject:${auth.subject.name}` : undefined;
