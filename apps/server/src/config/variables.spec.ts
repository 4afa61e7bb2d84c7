import { loadV3Settings } from '../api-v3/v3-settings';
import { ensureFerretDbBinary } from '../storage/embedded-ferretdb';
import { loadConfig } from './app-config';
import type { ExtendedSettings } from './extended-settings';
import { readPluginSettings, variableName } from './plugin-settings';
import { ENVIRONMENT_VARIABLES, PLUGIN_VARIABLES, type EnvironmentVariable } from './variables';

/** An environment that records every name read from it, as the names readEnv resolves to. */
function recordingEnv(values: Record<string, string> = {}): { env: NodeJS.ProcessEnv; read: Set<string> } {
  const read = new Set<string>();
  const env = new Proxy<NodeJS.ProcessEnv>(
    { ...values },
    {
      get(target, key) {
        if (typeof key === 'string') read.add(key.toUpperCase().replace(/^CUSTOMCONNSTR_/, ''));
        return Reflect.get(target, key) as unknown;
      },
    },
  );
  return { env, read };
}

const names = (v: EnvironmentVariable) => [v.name, ...(v.aliases ?? [])];
const listed = (name: string) => ENVIRONMENT_VARIABLES.some((v) => names(v).includes(name) || v.pattern?.test(name));

/** Everything the server reads from the environment at start. */
async function readAtStart(values: Record<string, string> = {}): Promise<Set<string>> {
  const { env, read } = recordingEnv({ FERRETDB_BIN: '/nonexistent/ferretdb', ...values });
  loadConfig(env);
  loadV3Settings(env);
  // Throws for the missing binary, after reading FERRETDB_BIN (without building anything).
  await expect(ensureFerretDbBinary({ env })).rejects.toThrow('FERRETDB_BIN');
  return read;
}

describe('the table of environment variables (the configuration page) follows the code', () => {
  it('lists every variable the server reads, and reads every variable it lists', async () => {
    const read = await readAtStart();
    expect([...read].filter((name) => !listed(name))).toEqual([]);
    const unread = ENVIRONMENT_VARIABLES.filter((v) => !names(v).every((n) => read.has(n)) && !(v.pattern && [...read].some((n) => v.pattern!.test(n))));
    expect(unread.map((v) => v.name)).toEqual([]);
  });

  it('gives each documented default the configuration the server has without the variable', () => {
    // A threshold set changes the default alarm type; fixing it isolates each variable.
    const base = { ALARM_TYPES: 'predict' };
    const unset = { config: loadConfig(base), v3: loadV3Settings(base) };
    for (const variable of ENVIRONMENT_VARIABLES.filter((v) => v.default !== undefined)) {
      const env = { ...base, [variable.name]: variable.default! };
      expect({ variable: variable.name, config: loadConfig(env), v3: loadV3Settings(env) }).toEqual({ variable: variable.name, ...unset });
    }
  });

  it('says what unset means for each variable without a default', () => {
    expect(ENVIRONMENT_VARIABLES.filter((v) => v.default === undefined && !v.unset).map((v) => v.name)).toEqual([]);
  });
});

describe('the table of plugin variables follows the plugin settings', () => {
  it('lists every plugin variable the server reads, and nothing else', () => {
    const read = new Set<string>();
    const recording = {
      get: (plugin: string) =>
        new Proxy(
          {},
          {
            getOwnPropertyDescriptor(_, key) {
              if (typeof key === 'string') read.add(variableName(plugin, key));
              return undefined;
            },
          },
        ),
    } as unknown as ExtendedSettings;
    readPluginSettings(recording);
    expect([...read].sort()).toEqual(PLUGIN_VARIABLES.map((v) => v.name).sort());
  });

  it('gives each documented default the settings the plugin has without the variable', () => {
    for (const variable of PLUGIN_VARIABLES) {
      const base = { ENABLE: variable.plugin };
      expect({ variable: variable.name, plugins: loadConfig({ ...base, [variable.name]: variable.default }).plugins }).toEqual({ variable: variable.name, plugins: loadConfig(base).plugins });
    }
  });
});
