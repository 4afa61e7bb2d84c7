/** A REST call answered with a status outside 2xx; `message` is the server's own when it sent one. */
export class RestError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body: unknown,
  ) {
    super(message);
    this.name = 'RestError';
  }
}

/** The body as JSON when it is JSON, else as text (empty bodies read as undefined). */
export async function readBody(res: Response): Promise<unknown> {
  const text = await res.text();
  if (!text) return undefined;
  if (!(res.headers.get('content-type') ?? '').includes('json')) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** The message a Nightscout error body carries (`{ status, message, description }`), or a generic one. */
export function errorMessage(status: number, body: unknown): string {
  if (typeof body === 'object' && body !== null) {
    const { message, description } = body as { message?: unknown; description?: unknown };
    const parts = [message, description].filter((p): p is string => typeof p === 'string' && p.length > 0);
    if (parts.length > 0) return parts.join(': ');
  }
  return typeof body === 'string' && body.length > 0 && body.length < 200 ? body : `HTTP ${status}`;
}
