import type { AlarmNotification, CollectionName } from '@nightscout/protocol';
import { AlarmEngine } from '../src/realtime/alarm/alarm-engine';
import { CreateDocumentsCommand } from '../src/writes';
import { alarmFollower, closeLibraryClients, legacyReceiver, storageFollower } from './support/library-clients';
import { sleep } from './support/sockets';
import { createSubject } from './support/subjects';
import { startTestServer, type TestServer } from './support/test-server';

const MIN = 60_000;
const iso = (minutesAgo: number) => new Date(Date.now() - minutesAgo * MIN).toISOString();

interface Scenario {
  name: string;
  data: [CollectionName, Record<string, unknown>][];
  expected: Partial<AlarmNotification> & { level: 1 | 2; group: string };
}

const SCENARIOS: Scenario[] = [
  {
    name: 'AR2 (the default alarm type) on a fast fall',
    data: [
      ['entries', { type: 'sgv', sgv: 120, date: Date.now() - 5 * MIN }],
      ['entries', { type: 'sgv', sgv: 85, date: Date.now() }],
    ],
    expected: { level: 2, title: 'Urgent, LOW predicted', group: 'default', plugin: expect.objectContaining({ name: 'ar2' }) },
  },
  {
    name: 'pump reservoir from a device status',
    data: [['devicestatus', { device: 'openaps://rig', pump: { reservoir: 3, clock: iso(1) }, created_at: iso(1) }]],
    expected: { level: 2, title: 'URGENT: Pump Reservoir Low', group: 'Pump' },
  },
  {
    name: 'cannula age from a Site Change',
    data: [['treatments', { eventType: 'Site Change', created_at: iso(48 * 60 + 5) }]],
    expected: { level: 1, title: 'Cannula age 48 hours', group: 'CAGE' },
  },
  {
    name: 'Loop not looping',
    data: [['devicestatus', { device: 'loop://iPhone', loop: { timestamp: iso(45) }, created_at: iso(45) }]],
    expected: { level: 1, title: "Loop isn't looping", group: 'Loop' },
  },
];

/** One server for all scenarios: each raises its alarm in its own group. */
const ENV = { AUTH_DEFAULT_ROLES: 'denied', ENABLE: 'pump cage loop', PUMP_ENABLE_ALERTS: 'true', CAGE_ENABLE_ALERTS: 'true', LOOP_ENABLE_ALERTS: 'true' };

const eventOf = (level: 1 | 2) => (level === 2 ? ('urgent_alarm' as const) : ('alarm' as const));

describe('every producer reaches /alarm, /storage and / subscribers, and ack silences it', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(ENV);
  });
  afterAll(() => server.close());
  afterEach(closeLibraryClients);

  let subjects = 0;
  it.each(SCENARIOS)('$name', async ({ data, expected }) => {
    const parent = await createSubject(server, `parent${++subjects}`, ['readable', 'admin']);
    const alarm = await alarmFollower(server, { token: parent });
    const storage = await storageFollower(server, parent, ['entries']);
    const legacy = await legacyReceiver(server, { token: parent });

    const matches = (n: AlarmNotification) => n.group === expected.group;
    const event = eventOf(expected.level);
    const received = Promise.all([alarm.next(event, matches), storage.next(event, matches), legacy.next(event, matches)]);
    for (const [collection, doc] of data) await server.commands.execute(new CreateDocumentsCommand(collection, [{ doc }], 'api-v1'));
    for (const notification of await received) expect(notification).toMatchObject(expected);

    const cleared = alarm.next('clear_alarm', (n) => n.group === expected.group);
    alarm.ack(expected.level, expected.group, 30 * MIN);
    expect(await cleared).toMatchObject({ clear: true, group: expected.group });
    const after = alarm.record(event);
    await server.app.get(AlarmEngine).check();
    await sleep(100);
    expect(after.filter(matches)).toEqual([]);
  });

  it('raises nothing for a plugin that is not enabled, and no threshold alarm when ALARM_TYPES is predict', async () => {
    const other = await startTestServer({ AUTH_DEFAULT_ROLES: 'denied', PUMP_ENABLE_ALERTS: 'true', CAGE_ENABLE_ALERTS: 'true' });
    try {
      await expectNoAlarms(other);
    } finally {
      closeLibraryClients();
      await other.close();
    }
  });
});

/** Writes what would alarm with pump and cage enabled, plus a high reading, and expects silence. */
async function expectNoAlarms(server: TestServer): Promise<void> {
  const parent = await createSubject(server, 'parent', ['readable', 'admin']);
  const alarm = await alarmFollower(server, { token: parent });
  const alarms = [alarm.record('alarm'), alarm.record('urgent_alarm')];
  for (const [collection, doc] of [...SCENARIOS[1].data, ...SCENARIOS[2].data, ['entries', { type: 'sgv', sgv: 320, date: Date.now() }] as const]) {
    await server.commands.execute(new CreateDocumentsCommand(collection, [{ doc }], 'api-v1'));
  }
  await server.app.get(AlarmEngine).check();
  await sleep(100);
  expect(alarms.flat()).toEqual([]);
}
