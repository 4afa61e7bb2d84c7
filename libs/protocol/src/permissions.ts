import type { CollectionName } from './collections';

/** The actions a permission string can end with on an API collection. */
export type ApiAction = 'read' | 'create' | 'update' | 'delete' | 'admin';

/** `api:<collection>:<action>`: the permission each REST route and socket event checks. */
export const apiPermission = (collection: CollectionName | '*', action: ApiAction | '*'): string =>
  `api:${collection}:${action}`;

export const PERMISSIONS = {
  admin: '*',
  statusRead: 'api:status:read',
  notificationsAck: 'notifications:*:ack',
  subjectsRead: 'admin:api:subjects:read',
  subjectsCreate: 'admin:api:subjects:create',
  subjectsUpdate: 'admin:api:subjects:update',
  subjectsDelete: 'admin:api:subjects:delete',
  rolesList: 'admin:api:roles:list',
  rolesCreate: 'admin:api:roles:create',
  rolesUpdate: 'admin:api:roles:update',
  rolesDelete: 'admin:api:roles:delete',
  permissionsRead: 'admin:api:permissions:read',
  /** `/metrics` (Prometheus); under `admin:` so that `readable` (`*:*:read`) does not grant it. */
  metricsRead: 'admin:api:metrics:read',
  /** Legacy socket `read` flag and the `/alarm` web subscription's `read`. */
  anyRead: 'api:*:read',
  /** Legacy socket `write` flag: all three actions on every collection. */
  anyWrite: 'api:*:create,update,delete',
  /** Legacy socket `write_treatment` flag. */
  treatmentsWrite: 'api:treatments:create,update,delete',
  /** `/verifyauth` checks. */
  verifyRead: '*:*:read',
  verifyWrite: '*:*:write',
  verifyAdmin: '*:*:admin',
} as const;

export interface Role {
  name: string;
  permissions: string[];
  notes?: string;
}

/** Roles present even when `auth_roles` is empty; a stored role with the same name replaces one. */
export const BUILT_IN_ROLES: readonly Role[] = [
  { name: 'admin', permissions: ['*'] },
  { name: 'denied', permissions: [] },
  { name: 'status-only', permissions: ['api:status:read'] },
  { name: 'readable', permissions: ['*:*:read'] },
  { name: 'careportal', permissions: ['api:treatments:create'] },
  { name: 'devicestatus-upload', permissions: ['api:devicestatus:create'] },
  { name: 'activity', permissions: ['api:activity:create'] },
];
