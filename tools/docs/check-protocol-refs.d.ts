/** GitHub's heading anchor of a Markdown heading's text (the documentation site uses it too). */
export function slug(text: string): string;
/** Every reference into docs/protocol that does not resolve, one line each. */
export function check(root?: string): string[];
