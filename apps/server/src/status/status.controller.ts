import { Controller, Get, Header, Inject, Res, UseGuards } from '@nestjs/common';
import { NIGHTSCOUT_VERSION, PERMISSIONS } from '@nightscout/protocol';
import type { Response } from 'express';
import type { Authorization } from '../auth/auth.service';
import { AuthService } from '../auth/auth.service';
import { CurrentAuth, PermissionsGuard, RequirePermissions } from '../auth/permissions.guard';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { nightscoutError } from '../http/nightscout-error';
import { clientExtendedSettings, serverSettings } from './server-settings';
import { Operation, ok, v1Error } from '../contracts/openapi-decorators';

/** `GET /api/v1/status` (and `/api/v2/status`) with its content negotiation (docs/protocol/api-v1.md §5.7). */
@Controller()
@UseGuards(PermissionsGuard)
export class StatusController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly auth: AuthService,
  ) {}

  @Get(['api/v1/status', 'api/v2/status'])
  @Operation(
    'Server status and settings (HTML unless JSON is asked for: `/api/v1/status.json`)',
    'api-v1.md §5.7',
    ok('The status', { type: 'object', properties: { status: { const: 'ok' }, name: { type: 'string' }, version: { type: 'string' }, serverTime: { type: 'string' }, serverTimeEpoch: { type: 'integer' }, apiEnabled: { type: 'boolean' }, careportalEnabled: { type: 'boolean' }, boluscalcEnabled: { type: 'boolean' }, settings: { type: 'object' }, extendedSettings: { type: 'object' }, authorized: { type: ['object', 'null'] }, runtimeState: { type: 'string' } } }, ['application/json', 'text/html', 'text/plain', 'application/javascript']),
    { status: 302, description: 'For `image/png` and `image/svg+xml`: a redirect to a status badge' },
    v1Error(406, 'Not Acceptable'),
  )
  @RequirePermissions(PERMISSIONS.statusRead)
  status(@Res() res: Response, @CurrentAuth() auth: Authorization) {
    const body = this.statusBody(auth);
    // Negotiation order of the reference: html first, so a missing Accept header gets HTML.
    res.format({
      'text/html': () => res.send('<h1>STATUS OK</h1>'),
      'image/png': () => res.redirect(302, 'https://img.shields.io/badge/Nightscout-OK-green.png'),
      'image/svg+xml': () => res.redirect(302, 'https://img.shields.io/badge/Nightscout-OK-green.svg'),
      'application/javascript': () => res.type('application/javascript').send(`this.serverSettings = ${JSON.stringify(body)};`),
      'text/plain': () => res.type('text/plain').send('STATUS OK'),
      'application/json': () => res.json(body),
      default: () => res.status(406).json(nightscoutError(406, 'Not Acceptable').getResponse()),
    });
  }

  private statusBody(auth: Authorization) {
    const now = new Date();
    return {
      status: 'ok',
      name: 'nightscout',
      version: NIGHTSCOUT_VERSION,
      serverTime: now.toISOString(),
      serverTimeEpoch: now.getTime(),
      apiEnabled: true,
      careportalEnabled: this.config.enable.includes('careportal'),
      boluscalcEnabled: this.config.enable.includes('boluscalc'),
      settings: serverSettings(this.config),
      extendedSettings: clientExtendedSettings(this.config),
      // The web UI logs in through `?token=`: echo the JWT it would get from /request/:token.
      authorized: auth?.subject ? this.auth.issueJwt(auth.subject) : null,
      runtimeState: 'loaded',
    };
  }

  @Get('api/versions')
  @Operation('The API versions and their base paths', 'api-v1.md §5.11', ok('The versions', { type: 'array', items: { type: 'object', properties: { version: { type: 'string' }, url: { type: 'string' } } } }))
  @Header('Cache-Control', 'no-cache')
  versions() {
    return [
      { version: '1.0.0', url: '/api/v1' },
      { version: '2.0.0', url: '/api/v2' },
      { version: '3.0.3-alpha', url: '/api/v3' },
    ];
  }
}
