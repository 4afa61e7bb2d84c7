/**
 * Shiro-style permission matching with the semantics of shiro-trie 0.4 that Nightscout clients
 * depend on (docs/protocol/api-v1.md §3.6):
 * - granted parts: `*` matches any value, `a,b` grants both, a missing or `*` tail grants everything below;
 * - checked parts: `a,b` requires every expansion, and `*` matches only a `*` in the grant.
 */
type Trie = { [part: string]: Trie };

/** Marks a node where a grant ends: it grants everything below. Cannot collide with a real part. */
const END = '\u0000';

export class PermissionSet {
  private readonly trie: Trie = {};

  constructor(permissions: Iterable<string> = []) {
    for (const permission of permissions) this.add(permission);
  }

  add(permission: string): void {
    this.addParts(this.trie, permission.split(':'));
  }

  private addParts(node: Trie, parts: string[]): void {
    const [head, ...rest] = parts;
    for (const value of head.split(',')) {
      const child = (node[value] ??= {});
      if (rest.length > 0) this.addParts(child, rest);
      else child[END] = {};
    }
  }

  check(permission: string): boolean {
    return this.checkParts(this.trie, permission.split(':'));
  }

  private checkParts(node: Trie, parts: string[]): boolean {
    const [head, ...rest] = parts;
    return head.split(',').every((value) => this.checkValue(node, value, rest));
  }

  private checkValue(node: Trie, value: string, rest: string[]): boolean {
    const candidates = value === '*' ? [node['*']] : [node['*'], Object.hasOwn(node, value) ? node[value] : undefined];
    return candidates.some((child) => {
      if (!child) return false;
      if (child[END]) return true;
      return rest.length > 0 && this.checkParts(child, rest);
    });
  }
}

/** True when any of the sets grants the permission (how every Nightscout check combines role sets). */
export const anyGrants = (sets: readonly PermissionSet[], permission: string): boolean =>
  sets.some((set) => set.check(permission));
