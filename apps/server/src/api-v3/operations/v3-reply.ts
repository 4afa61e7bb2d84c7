/** What a write operation answers; the controller sends it. */
export interface V3Reply {
  status: number;
  body: Record<string, unknown>;
  headers: Record<string, string>;
}
