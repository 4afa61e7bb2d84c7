import type { NightscoutClient } from '@nightscout/client';
import { clientOf, closeLibraryClients, type Json } from './support/library-clients';
import { startTestServer, type TestServer } from './support/test-server';

describe('status and version endpoints', () => {
  let server: TestServer;
  /** A visitor without credentials, as the web app opens the site (the library). */
  let visitor: NightscoutClient;
  beforeAll(async () => {
    server = await startTestServer();
    visitor = clientOf(server, {});
  });
  afterAll(async () => {
    closeLibraryClients();
    await server.close();
  });

  it('answers GET /api/v1/status.json with the reference shape', async () => {
    const body = await visitor.rest.v1.status();
    expect(body).toMatchObject({
      status: 'ok',
      name: 'nightscout',
      version: '15.0.7',
      apiEnabled: true,
      careportalEnabled: true,
      boluscalcEnabled: false,
      authorized: null,
      runtimeState: 'loaded',
      settings: { units: 'mg/dl', thresholds: { bgHigh: 260, bgTargetTop: 180, bgTargetBottom: 80, bgLow: 55 }, authDefaultRoles: 'readable' },
    });
    expect(Math.abs(body.serverTimeEpoch - Date.now())).toBeLessThan(5000);
    expect(new Date(body.serverTime).getTime()).toBe(body.serverTimeEpoch);
    expect(body.settings.enable).toContain('careportal');
    // A default install predicts (AR2): no threshold was set.
    expect(body.settings).toMatchObject({ alarmTypes: ['predict'], showPlugins: 'dbsize delta direction upbat', frameUrl1: '', editMode: true, timeFormat: 12 });
    expect(body.settings.enable).toContain('ar2');
    expect(body.extendedSettings).toEqual({ devicestatus: { advanced: true, days: 1 } });
  });

  it('reports the display settings and extended settings a site set in its environment, in the reference shape', async () => {
    const site = await startTestServer({
      SHOW_PLUGINS: 'careportal iob', TIME_FORMAT: '24', CUSTOM_TITLE: 'Emma', THEME: 'colorblindfriendly', NIGHT_MODE: 'on', SHOW_RAWBG: 'always',
      SHOW_FORECAST: 'ar2 openaps', LANGUAGE: 'de', SCALE_Y: 'linear', EDIT_MODE: 'off', ALARM_URGENT_HIGH: 'off', ALARM_HIGH_MINS: '15 30',
      ALARM_TIMEAGO_WARN_MINS: '20', AUTHENTICATION_PROMPT_ON_LOAD: 'on', FRAME_URL_1: 'https://other.example/', FRAME_NAME_1: 'Sister',
      DAY_START: '6.5', DAY_END: '22', BG_HIGH: '250', ENABLE: 'careportal iob cob bwp pump loop', DISABLE: 'upbat', OBSCURED: 'loop',
      BASAL_RENDER: 'icicle', BOLUS_RENDER_OVER: '1.5', BOLUS_RENDER_FORMAT: 'concise', DEVICESTATUS_ADVANCED: 'false', PUMP_FIELDS: 'reservoir battery clock',
      LOOP_APNS_KEY: 'private', BWP_WARN: '0.8',
    });
    try {
      const { settings, extendedSettings } = await clientOf(site, {}).rest.v1.status();
      expect(settings).toMatchObject({
        units: 'mg/dl', timeFormat: 24, customTitle: 'Emma', theme: 'colorblindfriendly', nightMode: true, showRawbg: 'always', showForecast: 'ar2 openaps',
        language: 'de', scaleY: 'linear', editMode: false, alarmUrgentHigh: false, alarmHighMins: [15, 30], alarmTimeagoWarnMins: 20,
        authenticationPromptOnLoad: true, frameUrl1: 'https://other.example/', frameName1: 'Sister', frameUrl2: '', frameName8: '', dayStart: 6.5, dayEnd: 22,
        showPlugins: 'careportal iob delta direction upbat rawbg', alarmTypes: ['simple'], thresholds: { bgHigh: 250, bgTargetTop: 180, bgTargetBottom: 80, bgLow: 55 },
      });
      expect(settings.enable).toEqual(['careportal', 'iob', 'cob', 'bwp', 'pump', 'treatmentnotify', 'bgnow', 'delta', 'direction', 'timeago', 'devicestatus', 'errorcodes', 'profile', 'bolus', 'dbsize', 'runtimestate', 'basal', 'simplealarms']);
      expect(settings).not.toHaveProperty('obscured');
      expect(settings).not.toHaveProperty('frameUrls');
      expect(extendedSettings).toEqual({
        devicestatus: { advanced: false, days: 1 },
        basal: { render: 'icicle' },
        bolus: { renderOver: 1.5, renderFormat: 'concise' },
        pump: { fields: 'reservoir battery clock' },
        bwp: { warn: 0.8 },
        loop: {},
      });
    } finally {
      await site.close();
    }
  });

  it('serves /api/v2/status too, and negotiates HTML by default and text with .txt', async () => {
    expect(await visitor.rest.get('/api/v2/status.json')).toMatchObject({ status: 'ok', version: '15.0.7' });
    // The other formats: raw requests.
    const html = await server.fetch('/api/v1/status');
    expect(html.headers.get('content-type')).toMatch(/text\/html/);
    expect(await html.text()).toBe('<h1>STATUS OK</h1>');
    expect(await (await server.fetch('/api/v1/status.txt')).text()).toBe('STATUS OK');
    expect(await (await server.fetch('/api/v1/status.js')).text()).toMatch(/^this\.serverSettings = \{.*\};$/);
  });

  it('refuses status to callers whose roles lack api:status:read', async () => {
    const denied = await startTestServer({ AUTH_DEFAULT_ROLES: 'denied' });
    try {
      const res = await denied.fetch('/api/v1/status.json');
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ status: 401, message: 'Unauthorized', description: 'Invalid/Missing' });
      expect(await clientOf(denied).rest.v1.status()).toMatchObject({ status: 'ok' });
    } finally {
      await denied.close();
    }
  });

  it('answers GET /api/v3/version without a token', async () => {
    expect(await visitor.rest.get('/api/v3/version')).toEqual({
      status: 200,
      result: { version: '15.0.7', apiVersion: '3.0.3-alpha', srvDate: expect.any(Number), storage: { storage: 'mongodb', version: expect.stringMatching(/^\d+\.\d+/) } },
    });
  });

  it('lists the API versions', async () => {
    expect(await visitor.rest.get<Json>('/api/versions')).toEqual([
      { version: '1.0.0', url: '/api/v1' },
      { version: '2.0.0', url: '/api/v2' },
      { version: '3.0.3-alpha', url: '/api/v3' },
    ]);
  });
});
