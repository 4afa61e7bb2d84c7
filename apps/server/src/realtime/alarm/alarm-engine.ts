import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { ALARM_LEVELS, type AlarmNotification } from '@nightscout/protocol';
import { createHash } from 'node:crypto';
import { Subject, type Subscription } from 'rxjs';
import { ClusterBus } from '../../cluster/cluster-bus';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { DerivedDataService } from '../../derived/derived-data.service';
import { DataWindowService } from '../legacy/data-window.service';
import { LEVEL_NAMES, type AlarmProducer, type NotifyRequest, type SnoozeRequest } from './notify-request';
import { ALARM_PRODUCERS } from './producers';
import { SilenceStore, type Silence } from './silence-store';

const DEFAULT_SILENCE_MS = 30 * 60_000;
/** After start, an "All Clear" tells clients that a restart cleared nothing they need to know. */
const STARTUP_CLEAR_MS = 20_000;
const CHECK_DEBOUNCE_MS = 5;
/**
 * Change-triggered checks run at most this often: an uploader's burst (a backlog, a reading with
 * its device status and treatments) costs one check, and an alarm is at most this late. Each check
 * builds a sandbox over the whole window, which was most of a write's CPU (docs/performance.md).
 */
const CHECK_MIN_INTERVAL_MS = 1_000;
/** Changes that can raise or clear an alarm (device status: pump, loop, uploader battery). */
const CHECKED_COLLECTIONS = new Set(['entries', 'treatments', 'devicestatus', 'profile']);

interface GroupState extends Silence {
  lastEmitTime?: number;
}

/** The lease (docs/scale-out.md) of the instance that evaluates alarms for the site. */
const ALARM_LEASE = 'alarms';

const stateKey = (level: number, group: string) => `${level}:${group}`;

/**
 * Turns the data into alarms (docs/protocol/storage-and-alarm-sockets.md §3.5–3.6): every cycle — each
 * heartbeat and each change to readings or treatments — asks the producers, applies snoozes and
 * silences, and publishes what is due on `notifications` for the gateways to deliver.
 */
@Injectable()
export class AlarmEngine implements OnModuleInit, OnModuleDestroy {
  readonly notifications = new Subject<AlarmNotification>();
  private readonly logger = new Logger('AlarmEngine');
  private readonly states = new Map<string, GroupState>();
  private readonly producers: readonly AlarmProducer[];
  private timers: NodeJS.Timeout[] = [];
  private checkTimer?: NodeJS.Timeout;
  private lastChangeCheck = -Infinity;
  private changes?: Subscription;

  constructor(
    private readonly dataWindow: DataWindowService,
    private readonly derived: DerivedDataService,
    private readonly silences: SilenceStore,
    private readonly cluster: ClusterBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    // A plugin that is not enabled never raises anything (docs/compatibility/alarms-and-followers.md).
    this.producers = ALARM_PRODUCERS.filter((p) => config.enable.includes(p.name));
  }

  async onModuleInit(): Promise<void> {
    await this.loadSilences();
    this.silences.follow((key, silence) => this.states.set(key, { ...this.states.get(key), ...silence }), () => this.loadSilences());
    await this.cluster.claim(ALARM_LEASE);
    this.changes = this.dataWindow.changed.subscribe((event) => {
      if (CHECKED_COLLECTIONS.has(event.collection)) this.scheduleCheck();
    });
    this.timers = [
      setInterval(() => this.runCheck(), this.config.heartbeatSeconds * 1000),
      setTimeout(() => this.startupClear(), STARTUP_CLEAR_MS),
    ];
    for (const timer of this.timers) timer.unref();
  }

  onModuleDestroy(): void {
    this.timers.forEach(clearTimeout);
    clearTimeout(this.checkTimer);
    this.changes?.unsubscribe();
    this.notifications.complete();
  }

  private scheduleCheck(): void {
    if (this.checkTimer) return;
    const wait = Math.max(CHECK_DEBOUNCE_MS, this.lastChangeCheck + CHECK_MIN_INTERVAL_MS - Date.now());
    this.checkTimer = setTimeout(() => {
      this.checkTimer = undefined;
      this.lastChangeCheck = Date.now();
      this.runCheck();
    }, wait);
  }

  private async loadSilences(): Promise<void> {
    for (const [key, silence] of await this.silences.load()) this.states.set(key, { ...this.states.get(key), ...silence });
  }

  /** With several instances, the one holding the lease evaluates and its notifications reach every instance's sockets. */
  private runCheck(): void {
    if (!this.cluster.leads(ALARM_LEASE)) return;
    this.check().catch((error: unknown) => this.logger.error(`alarm check failed: ${(error as Error).stack ?? String(error)}`));
  }

  /** One cycle of the reference's notification processing. */
  async check(now = Date.now()): Promise<void> {
    // Not on a partly loaded window: missing device status would look like a stale pump or loop.
    await this.dataWindow.complete;
    const context = { now, config: this.config, sbx: await this.derived.sandbox(now) };
    const results = this.producers.map((p) => p.produce(context));
    const requests = results.flatMap((r) => r.notifies);
    const snoozes = results.flatMap((r) => r.snoozes ?? []);
    const groups = new Set(['default', ...requests.map((r) => r.group), ...[...this.states.keys()].map((k) => k.slice(k.indexOf(':') + 1))]);
    for (const group of groups) await this.processGroup(group, requests, snoozes, now);
    for (const request of requests.filter((r) => r.level <= ALARM_LEVELS.INFO || r.isAnnouncement)) {
      if (!this.isSilenced(request.level, request.group, now)) this.emit(request, now);
    }
  }

  private async processGroup(group: string, requests: NotifyRequest[], snoozes: SnoozeRequest[], now: number): Promise<void> {
    const inGroup = requests.filter((r) => r.group === group);
    const highest = inGroup.find((r) => r.level === ALARM_LEVELS.URGENT) ?? inGroup.find((r) => r.level === ALARM_LEVELS.WARN);
    if (!highest) return this.autoAck(group, now);
    const snooze = snoozes
      .filter((s) => s.group === group && s.level >= highest.level)
      .sort((a, b) => b.lengthMs - a.lengthMs)[0];
    if (snooze) await this.ack(snooze.level, group, snooze.lengthMs, true, now);
    else if (!this.isSilenced(highest.level, group, now)) this.emit(highest, now);
  }

  /** The condition went away: silence what had alarmed since its last ack, and say so once. */
  private async autoAck(group: string, now: number): Promise<void> {
    let cleared = false;
    for (const level of [ALARM_LEVELS.WARN, ALARM_LEVELS.URGENT]) {
      const state = this.states.get(stateKey(level, group));
      if (!state?.lastEmitTime || state.lastEmitTime < state.lastAckTime) continue;
      this.states.set(stateKey(level, group), { lastAckTime: now, silenceTime: 1 });
      cleared = true;
    }
    if (cleared) this.notifications.next({ clear: true, title: 'All Clear', message: "Auto ack'd alarm(s)", group });
  }

  private isSilenced(level: number, group: string, now: number): boolean {
    const state = this.states.get(stateKey(level, group));
    return state !== undefined && now <= state.lastAckTime + state.silenceTime;
  }

  /**
   * Silences (level, group) for `silenceMs` (30 min when 0) unless it is silenced already; an urgent
   * ack also silences the warning. Persisted, then (when asked) a global `clear_alarm`.
   */
  async ack(level: number, group: string, silenceMs: number, sendClear: boolean, now = Date.now()): Promise<void> {
    if (this.isSilenced(level, group, now)) return;
    const silence = { lastAckTime: now, silenceTime: silenceMs || DEFAULT_SILENCE_MS };
    this.states.set(stateKey(level, group), silence);
    await this.silences.save(stateKey(level, group), silence);
    if (level === ALARM_LEVELS.URGENT) await this.ack(ALARM_LEVELS.WARN, group, silenceMs, false, now);
    if (sendClear) this.notifications.next({ clear: true, title: 'All Clear', message: `${group} - ${LEVEL_NAMES[level] ?? level} was ack'd`, group });
  }

  private emit(request: NotifyRequest, now: number): void {
    const key = stateKey(request.level, request.group);
    this.states.set(key, { ...(this.states.get(key) ?? { lastAckTime: 0, silenceTime: DEFAULT_SILENCE_MS }), lastEmitTime: now });
    this.notifications.next({ ...request, key: notificationKey(request) });
  }

  private startupClear(): void {
    if (!this.cluster.leads(ALARM_LEASE)) return;
    const alarming = [ALARM_LEVELS.WARN, ALARM_LEVELS.URGENT].some((l) => {
      const state = this.states.get(stateKey(l, 'default'));
      return state?.lastEmitTime !== undefined && state.lastEmitTime > state.lastAckTime;
    });
    if (!alarming) this.notifications.next({ clear: true, title: 'All Clear', message: 'Server started without alarms' });
  }
}

/** The dedup key push clients use: `notifyhash`, a hash of title and message below WARN, else `<plugin>_<level>`. */
function notificationKey(request: NotifyRequest): string {
  if (request.notifyhash) return request.notifyhash;
  if (request.isAnnouncement || request.level < ALARM_LEVELS.WARN) {
    return createHash('sha1').update(JSON.stringify({ title: request.title, message: request.message })).digest('hex');
  }
  return `${request.plugin.name}_${request.level}`;
}
