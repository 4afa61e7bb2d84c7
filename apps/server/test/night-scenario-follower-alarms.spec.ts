import type { AlarmChannel } from '@nightscout/client';
import type { AlarmNotification } from '@nightscout/protocol';
import { CreateDocumentsCommand } from '../src/writes';
import { alarmFollower, closeLibraryClients } from './support/library-clients';
import { eventually, sleep } from './support/sockets';
import { createSubject } from './support/subjects';
import { startTestServer, type TestServer } from './support/test-server';

const MIN = 60_000;
/** A night's fall, one reading every 5 minutes: AR2 sees the low coming at 85, simple thresholds only at 76. */
const FALL = [130, 125, 118, 110, 102, 94, 85, 76, 67, 58];
const RECOVERY = [72, 88, 95];

/**
 * The night scenario end to end: the server's clock (`Date.now`) runs 5 minutes per reading, so
 * the readings arrive as an uploader would send them overnight.
 */
describe('night scenario: AR2 warns early, the follower snoozes it, the urgent low still comes, recovery clears', () => {
  const realNow = Date.now.bind(Date);
  let shift = -90 * MIN;
  let server: TestServer;

  beforeAll(async () => {
    // The client's transport (engine.io-client) compares its heartbeat deadline with Date.now()
    // before each emit and would take the jump for a connection lost while the device slept: it
    // keeps the real clock, as its heartbeats run on real timers.
    jest.spyOn(Date, 'now').mockImplementation(() => (new Error().stack?.includes('engine.io-client') ? realNow() : realNow() + shift));
    server = await startTestServer({ AUTH_DEFAULT_ROLES: 'denied', ALARM_TYPES: 'simple predict' });
  });
  afterAll(async () => {
    closeLibraryClients();
    await server.close();
    jest.restoreAllMocks();
  });

  const reading = async (sgv: number) => {
    shift += 5 * MIN;
    await server.commands.execute(new CreateDocumentsCommand('entries', [{ doc: { type: 'sgv', sgv, date: Date.now(), direction: 'SingleDown', device: 'xDrip-DexcomG6' } }], 'api-v1'));
    await sleep(50); // the engine checks 5 ms after each change
  };

  it('runs the night', async () => {
    await server.commands.execute(
      new CreateDocumentsCommand('profile', [{ doc: { defaultProfile: 'Night', startDate: new Date(Date.now() - 86_400_000).toISOString(), store: { Night: { basal: [{ time: '00:00', value: 0.6 }, { time: '06:00', value: 0.9 }], sens: 60, carbratio: 12, dia: 4, target_low: 90, target_high: 140, timezone: 'UTC' } } } }], 'api-v1'),
    );
    const parent = await createSubject(server, 'parent', ['readable', 'admin']);
    const follower: AlarmChannel = await alarmFollower(server, { token: parent });
    const inDefault = (n: AlarmNotification) => n.group === 'default';
    const [warnings, urgents, clears] = [follower.record('alarm'), follower.record('urgent_alarm'), follower.record('clear_alarm')];

    // Falling but in range: nothing until AR2 predicts the low at 85.
    for (const sgv of FALL.slice(0, 6)) await reading(sgv);
    expect([...warnings, ...urgents].filter(inDefault)).toEqual([]);
    await reading(85);
    await eventually(() => warnings.some(inDefault));
    expect(warnings.filter(inDefault)).toEqual([expect.objectContaining({ level: 1, title: 'Warning, LOW predicted', eventName: 'low', plugin: expect.objectContaining({ name: 'ar2' }), message: expect.stringMatching(/^BG Now: 85 -9 ↓ mg\/dl\nBG 15m: \d+ mg\/dl$/) })]);

    // The follower snoozes it for 30 minutes: the simple low warning at 76 stays silent.
    follower.ack(1, 'default', 30 * MIN);
    await eventually(() => clears.some((c) => c.message === "default - Warning was ack'd"));
    await reading(76);
    expect(warnings.filter(inDefault)).toHaveLength(1);

    // The urgent low is not snoozed by a warning ack.
    await reading(67);
    await eventually(() => urgents.some(inDefault));
    expect(urgents.filter(inDefault)[0]).toMatchObject({ level: 2, title: 'Urgent, LOW', eventName: 'low', pushoverSound: 'persistent' });
    await reading(58);

    // Recovery: 72 is still a (snoozed) warning; back in range the alarms clear.
    const clearsBefore = clears.length;
    for (const sgv of RECOVERY) await reading(sgv);
    await eventually(() => clears.length > clearsBefore);
    expect(clears.slice(clearsBefore)).toEqual([{ clear: true, title: 'All Clear', message: "Auto ack'd alarm(s)", group: 'default' }]);
    expect(warnings.filter(inDefault)).toHaveLength(1);

    // The profile's basal is what the follower endpoints report for the night (00:00–06:00 in UTC or 0.9 after).
    const basal = await (await server.fetch(`/api/v2/properties/basal?token=${parent}`)).json();
    expect(basal.basal.display).toMatch(/^0\.[69]00U$/);
  });
});
