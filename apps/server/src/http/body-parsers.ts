import { json, urlencoded, type NextFunction, type Request, type RequestHandler, type Response } from 'express';

export const BODY_LIMITS = { json: '5mb', form: '1mb', formParameters: 10_000 } as const;

/**
 * JSON and form bodies (the careportal posts form-encoded treatments). Parser errors are answered
 * here as JSON 400/413: they happen before Nest's exception filters run, and Express's default
 * handler would print a stack trace (docs/protocol/api-v1.md V1-W7).
 */
export function bodyParsers(): RequestHandler[] {
  return [
    guard(json({ limit: BODY_LIMITS.json, strict: false })),
    guard(urlencoded({ extended: true, limit: BODY_LIMITS.form, parameterLimit: BODY_LIMITS.formParameters })),
    unparsedV1Body,
  ];
}

const V1_PATH = /^\/api\/v[12]\//i;

/**
 * A v1 write whose body is neither JSON nor a form would otherwise reach the route as "no
 * documents" and succeed doing nothing; 415 tells the client why. (v3 answers these itself with
 * its own `Bad or missing request body`.)
 */
function unparsedV1Body(req: Request, res: Response, next: NextFunction): void {
  const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  if (!hasBody || !V1_PATH.test(req.path) || req.is(['json', 'urlencoded'])) return next();
  res.status(415).json({ status: 415, message: 'Unsupported Media Type', description: 'Send application/json or application/x-www-form-urlencoded' });
}

function guard(parser: RequestHandler): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) =>
    parser(req, res, (error?: unknown) => {
      if (!error) return next();
      const status = (error as { status?: number }).status === 413 ? 413 : 400;
      const message = status === 413 ? 'Request body too large' : 'Malformed request body';
      res.status(status).json({ status, message, description: (error as Error).message });
    });
}
