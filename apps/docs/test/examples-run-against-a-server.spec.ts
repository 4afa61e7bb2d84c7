import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { contractProblems, messagesOf } from '../../server/test/support/contracts';
import { createSubject } from '../../server/test/support/subjects';
import { TEST_API_SECRET, startTestServer } from '../../server/test/support/test-server';
import { DataWindowService } from '../../server/src/realtime/legacy/data-window.service';
import { EXAMPLES_DIR, examplesOf, type Example } from '../src/examples';

const run = promisify(execFile);

/** The channel of each examples folder. */
const NAMESPACES: Record<string, string> = { legacy: '/', storage: '/storage', alarm: '/alarm' };
/** The configuration the channel pages say the examples need: threshold alarms and the careportal. */
const SERVER_ENV = { ALARM_TYPES: 'simple', ENABLE: 'careportal' };
/** Examples mostly wait on the network: a few at a time, each on its own server (alarms and snoozes are per site). */
const CONCURRENCY = 4;

/** Runs an example against a fresh server, as its `Run:` line says; resolves with its output lines. */
async function runExample(example: Example): Promise<string[]> {
  const server = await startTestServer(SERVER_ENV);
  try {
    // A new site's database is indexed in the background and `authorize` waits for that
    // (docs/performance.md, "Start-up"): on a busy machine longer than an example's 5 s ack timeout.
    await server.app.get(DataWindowService).complete;
    const accessToken = await createSubject(server, 'docs', ['admin']);
    const program = example.file.endsWith('.sh') ? 'sh' : process.execPath;
    const { stdout } = await run(program, [join(EXAMPLES_DIR, example.file)], {
      env: { PATH: process.env.PATH, NIGHTSCOUT_URL: server.url, API_SECRET: TEST_API_SECRET, ACCESS_TOKEN: accessToken },
      timeout: 30_000,
    }).catch((error: { stdout?: string; stderr?: string; message: string }) => {
      throw new Error(`${example.file} failed: ${error.message}\n--- its output:\n${error.stdout ?? ''}${error.stderr ?? ''}`);
    });
    return stdout.trim().split('\n');
  } finally {
    await server.close();
  }
}

/** Runs at most `concurrency` tasks at a time. */
function limit(concurrency: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async (task) => {
    if (active >= concurrency) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await task();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}

/** `event {json}` or `event` alone → the message and its payload. */
const parseLine = (line: string): [string, unknown] => {
  const space = line.indexOf(' ');
  return space < 0 ? [line, undefined] : [line.slice(0, space), JSON.parse(line.slice(space + 1))];
};

describe('every code sample of the channel pages and of getting started runs against a server', () => {
  const examples = [...Object.keys(NAMESPACES), 'getting-started'].flatMap(examplesOf);
  const outputs = new Map<string, Promise<string[]>>();
  beforeAll(() => {
    const slots = limit(CONCURRENCY);
    for (const example of examples) {
      const output = slots(() => runExample(example));
      // Each test awaits its own example; a failure is reported there.
      output.catch(() => undefined);
      outputs.set(example.file, output);
    }
  });
  const outputOf = (file: string) => outputs.get(file)!;

  describe.each(Object.entries(NAMESPACES))('%s (%s)', (folder, namespace) => {
    const channelExamples = examples.filter((e) => e.file.startsWith(`${folder}/`));

    it('covers every event of the channel, and only those', () => {
      const covered = new Set(channelExamples.flatMap((e) => e.events));
      expect(messagesOf(namespace).events.filter((event) => !covered.has(event))).toEqual([]);
      expect([...covered].filter((event) => !messagesOf(namespace).events.includes(event))).toEqual([]);
    });

    it.each(channelExamples.map((e) => [e.file, e] as const))('%s prints each of its events, as the contract describes them', async (file, example) => {
      const printed = (await outputOf(file)).map(parseLine);
      const names = printed.map(([name]) => name.replace(/\.ack$/, ''));
      expect(example.events.filter((event) => !names.includes(event))).toEqual([]);
      expect(printed.flatMap(([name, payload]) => contractProblems(namespace, name, payload))).toEqual([]);
    });
  });

  it('getting-started/first-write.sh is refused without credentials, then stores and reads back a note', async () => {
    const output = (await outputOf('getting-started/first-write.sh')).join('\n');
    expect(output).toContain('without credentials: HTTP 401');
    expect(output.match(/"notes":"My first note"/g)).toHaveLength(2);
  });
});
