import { json, urlencoded, type NextFunction, type Request, type RequestHandler, type Response } from 'express';

export const BODY_LIMITS = { json: '5mb', form: '1mb', formParameters: 10_000 } as const;

/**
 * JSON and form bodies (the careportal posts form-encoded treatments). Parser errors are answered
 * here as JSON 400/413: they happen before Nest's exception filters run, and Express's default
 * handler would print a stack trace (spec weakness W7).
 */
export function bodyParsers(): RequestHandler[] {
  return [
    guard(json({ limit: BODY_LIMITS.json, strict: false })),
    guard(urlencoded({ extended: true, limit: BODY_LIMITS.form, parameterLimit: BODY_LIMITS.formParameters })),
  ];
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
