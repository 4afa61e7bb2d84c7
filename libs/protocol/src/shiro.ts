/**
 * Shiro-style permission matching with the semantics of shiro-trie 0.4 that Nightscout clients
 * depend on (docs/protocol/api-v1.md §3.6):
 * - granted parts: `*` matches any value, `a,b` grants both, a missing or `*` tail grants everything below;
 * - checked parts: `a,b` requires every expansion, and `*` matches only a `*` in the grant.
 *
 * Parts come from stored roles that clients can create (`/api/v2/authorization/roles`), so the trie
 * is made of `Map`s: no part, not even `__proto__` or `constructor`, can reach an object prototype.
 */
interface TrieNode {
  /** True where a grant ends: it grants everything below. */
  end: boolean;
  readonly children: Map<string, TrieNode>;
}

const newNode = (): TrieNode => ({ end: false, children: new Map() });

export class PermissionSet {
  private readonly root = newNode();

  constructor(permissions: Iterable<string> = []) {
    for (const permission of permissions) this.add(permission);
  }

  add(permission: string): void {
    this.addParts(this.root, permission.split(':'));
  }

  private addParts(node: TrieNode, parts: string[]): void {
    const [head, ...rest] = parts;
    for (const value of head.split(',')) {
      let child = node.children.get(value);
      if (!child) node.children.set(value, (child = newNode()));
      if (rest.length > 0) this.addParts(child, rest);
      else child.end = true;
    }
  }

  check(permission: string): boolean {
    return this.checkParts(this.root, permission.split(':'));
  }

  private checkParts(node: TrieNode, parts: string[]): boolean {
    const [head, ...rest] = parts;
    return head.split(',').every((value) => this.checkValue(node, value, rest));
  }

  private checkValue(node: TrieNode, value: string, rest: string[]): boolean {
    const candidates = [node.children.get('*'), value === '*' ? undefined : node.children.get(value)];
    return candidates.some((child) => child !== undefined && (child.end || (rest.length > 0 && this.checkParts(child, rest))));
  }
}

/** True when any of the sets grants the permission (how every Nightscout check combines role sets). */
export const anyGrants = (sets: readonly PermissionSet[], permission: string): boolean =>
  sets.some((set) => set.check(permission));
