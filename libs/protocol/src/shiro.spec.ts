import { BUILT_IN_ROLES, PERMISSIONS } from './permissions';
import { PermissionSet, anyGrants } from './shiro';

const set = (...grants: string[]) => new PermissionSet(grants);

describe('PermissionSet (Shiro semantics Nightscout clients depend on)', () => {
  it.each([
    ['*', 'api:settings:admin', true],
    ['*:*:read', 'api:entries:read', true],
    ['*:*:read', 'api:settings:admin', false],
    ['api:treatments', 'api:treatments:read', true],
    ['api:treatments:*', 'api:treatments:read', true],
    ['api:treatments:create', 'api:treatments:read', false],
    ['api:entries:read', 'api:*:read', false],
    ['api:*:read', 'api:*:read', true],
    ['api:*:read', '*:*:read', false],
    ['api:*:*', 'api:*:read', true],
    ['api:treatments:create,update', 'api:treatments:update', true],
  ])('grant %s checked against %s → %s', (grant, checked, expected) => {
    expect(set(grant).check(checked)).toBe(expected);
  });

  it('requires every expansion of a comma list in the checked string', () => {
    expect(set('api:treatments:create').check(PERMISSIONS.treatmentsWrite)).toBe(false);
    expect(set('api:treatments:create', 'api:treatments:update', 'api:treatments:delete').check(PERMISSIONS.treatmentsWrite)).toBe(true);
    expect(set('*').check(PERMISSIONS.anyWrite)).toBe(true);
  });

  it('tries both a * branch and a literal branch at the same level', () => {
    expect(set('api:*:read', 'api:entries:create').check('api:entries:read')).toBe(true);
    expect(set('api:*:read', 'api:entries:create').check('api:entries:create')).toBe(true);
  });

  it('needs a wildcard grant for api:*:read even when each collection is granted', () => {
    expect(set('api:entries:read', 'api:treatments:read').check(PERMISSIONS.anyRead)).toBe(false);
  });

  it('does not treat prototype keys as grants', () => {
    expect(set('api:entries:read').check('api:constructor:read')).toBe(false);
    expect(set('api:entries:read').check('__proto__')).toBe(false);
  });

  describe('grants whose parts are prototype keys', () => {
    const prototypeBefore = Object.getOwnPropertyNames(Object.prototype).sort();
    const FORBIDDEN = ['__proto__:*', 'constructor:prototype:*', 'prototype:*', 'toString', 'api:hasOwnProperty:*', 'api:__proto__', 'valueOf,__proto__:x'];

    it.each(FORBIDDEN)('%s grants only itself and leaves Object.prototype untouched', (grant) => {
      const granted = set(grant);
      expect(granted.check('api:entries:read')).toBe(false);
      expect(granted.check('api:settings:admin')).toBe(false);
      expect(set('api:entries:read').check('api:treatments:create')).toBe(false);
      expect(set().check('*')).toBe(false);
      expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeBefore);
      expect(Object.getOwnPropertySymbols(Object.prototype)).toEqual([]);
      expect(({} as Record<string, unknown>)['\u0000']).toBeUndefined();
      expect(Object.getPrototypeOf({})).toBe(Object.prototype);
    });

    it('matches such parts literally, like any other part', () => {
      expect(set('__proto__:*').check('__proto__:x')).toBe(true);
      expect(set('constructor:prototype:*').check('constructor:prototype:y')).toBe(true);
      expect(set('toString').check('toString:z')).toBe(true);
      expect(set('api:hasOwnProperty:*').check('api:entries:read')).toBe(false);
    });
  });

  it('combines sets: any set granting suffices', () => {
    expect(anyGrants([set('api:treatments:create'), set('*:*:read')], 'api:entries:read')).toBe(true);
    expect(anyGrants([set('api:treatments:create'), set()], 'api:entries:read')).toBe(false);
  });

  it('gives the built-in roles the permissions of the reference', () => {
    const role = (name: string) => set(...BUILT_IN_ROLES.find((r) => r.name === name)!.permissions);
    expect(role('readable').check('api:entries:read')).toBe(true);
    expect(role('careportal').check('api:treatments:create')).toBe(true);
    expect(role('careportal').check('api:treatments:update')).toBe(false);
    expect(role('denied').check('api:entries:read')).toBe(false);
    expect(role('status-only').check('api:status:read')).toBe(true);
  });
});
