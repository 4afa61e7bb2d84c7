import { Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';

/** What instances tell each other; each type has one handler per instance. */
export type ClusterMessageType = 'change' | 'auth' | 'silence' | 'auth-delay';

/** State that other instances' changes keep exact: while messages may have been missed it stops answering, then reloads. */
export interface ClusterParticipant {
  /** Messages may have been missed (Redis lost): stop answering from this state. */
  suspend?(): void;
  /** Reload from the database; answering resumes. */
  resync(): Promise<void>;
}

/** Longest wait of one XREAD: how soon a reconnected reader notices it must resynchronise. */
const READ_BLOCK_MS = 1_000;
const READ_COUNT = 200;
/** Entries kept in the stream (approximately): minutes of writes for a busy site, read in milliseconds. */
const STREAM_MAX_LEN = 10_000;
/** A lease (alarm evaluation) lives this long unless renewed; its holder renews every RENEW_MS. */
export const LEASE_MS = 15_000;
const RENEW_MS = 5_000;
/** A missed renewal leaves this much of the lease unused, for clock drift between instances and Redis. */
const LEASE_MARGIN_MS = 2_000;
const RESYNC_MARKER = 'resync';

/** Renews the lease when this instance holds it, takes it when nobody does. */
const LEASE_SCRIPT = `
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end
if redis.call('set', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
return 0`;
const RELEASE_SCRIPT = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * What instances on one database share through Redis (docs/scale-out.md): a stream of messages
 * (domain events, cache invalidations), each applied once by every other instance in stream order;
 * leases (one alarm evaluation per site); and counters (`clients`). Without `REDIS_URL` it is
 * inert: one instance, everything in process.
 *
 * Losing Redis is survivable: writes go to the database first, so an instance that may have missed
 * messages (its reader lost the connection, or another instance could not publish) suspends its
 * participants and, once Redis is back, reloads them from the database before they answer again.
 */
export class ClusterBus {
  readonly instanceId = randomUUID();
  private readonly logger = new Logger('Cluster');
  private readonly handlers = new Map<ClusterMessageType, (payload: string, origin: string) => unknown>();
  private readonly participants: ClusterParticipant[] = [];
  private readonly leases = new Map<string, number>();
  private readonly counts = new Map<string, number>();
  private readonly stream: string;
  private lastId = '0-0';
  private needsResync = false;
  /** A message this instance could not publish: others missed it and must resynchronise. */
  private unpublished = false;
  private down = false;
  private stopped = false;
  private loop?: Promise<void>;
  private renewer?: NodeJS.Timeout;

  /**
   * @param publisher fails at once while Redis is down (writes never wait on it)
   * @param reader a connection of its own for the blocking reads
   */
  constructor(
    private readonly redis?: { publisher: Redis; reader: Redis },
    private readonly prefix = 'nightscout:',
  ) {
    this.stream = `${prefix}events`;
    for (const client of redis ? [redis.publisher, redis.reader] : []) {
      client.on('close', () => this.lost());
      client.on('ready', () => this.back());
    }
  }

  get enabled(): boolean {
    return this.redis !== undefined;
  }

  /** Cross-instance delivery works: Redis answers and this instance has caught up (readiness). */
  get delivering(): boolean {
    return !this.redis || (this.redisReady && !this.needsResync);
  }

  private get redisReady(): boolean {
    return this.redis!.publisher.status === 'ready' && this.redis!.reader.status === 'ready';
  }

  /** Notes the last message already in the stream: state loaded from the database from now on includes it. */
  async start(): Promise<void> {
    if (!this.redis) return;
    const [last] = (await this.redis.publisher.xrevrange(this.stream, '+', '-', 'COUNT', 1)) as [string, string[]][];
    this.lastId = last?.[0] ?? '0-0';
  }

  /** Reads the messages after that one, once every handler is registered (the application has started). */
  listen(): void {
    if (!this.redis || this.loop) return;
    this.loop = this.read();
    this.renewer = setInterval(() => void this.renew(), RENEW_MS);
    this.renewer.unref();
  }

  /** `handler` applies another instance's messages of `type`. */
  on(type: ClusterMessageType, handler: (payload: string, origin: string) => unknown): void {
    this.handlers.set(type, handler);
  }

  participate(participant: ClusterParticipant): void {
    this.participants.push(participant);
  }

  /**
   * Tells the other instances, in order. Never throws (a failure makes them resynchronise later);
   * resolves once Redis holds the message, for callers that answer only then.
   */
  publish(type: ClusterMessageType, payload = ''): Promise<void> {
    if (!this.redis) return Promise.resolve();
    if (this.redis.publisher.status !== 'ready') {
      this.unpublished = true;
      return Promise.resolve();
    }
    return this.redis.publisher.xadd(this.stream, 'MAXLEN', '~', STREAM_MAX_LEN, '*', 'o', this.instanceId, 't', type, 'p', payload).then(
      () => undefined,
      () => {
        // The resynchronisation that follows tells the others to reload too.
        this.unpublished = true;
        this.missed();
      },
    );
  }

  /**
   * Whether this instance does the work of lease `name` (e.g. evaluating alarms) now. Without Redis
   * (or while it is lost) every instance does, for its own clients.
   */
  leads(name: string): boolean {
    if (!this.redis || !this.redisReady) return true;
    return (this.leases.get(name) ?? 0) > Date.now();
  }

  /** Claims lease `name` from now on (renewed with the others). */
  async claim(name: string): Promise<void> {
    if (!this.leases.has(name)) this.leases.set(name, 0);
    await this.renew();
  }

  /**
   * The sum of counter `name` over live instances, after setting this instance's share to `local`;
   * `local` alone while Redis is lost. A share lapses LEASE_MS after its instance stops renewing it.
   */
  async total(name: string, local: number): Promise<number> {
    this.counts.set(name, local);
    if (!this.redis || !this.redisReady) return local;
    try {
      const key = `${this.prefix}counts:${name}`;
      const now = Date.now();
      const result = await this.redis.publisher.multi().hset(key, this.instanceId, `${local}:${now + LEASE_MS}`).hgetall(key).exec();
      const shares = (result?.[1]?.[1] ?? {}) as Record<string, string>;
      let sum = 0;
      for (const [instance, share] of Object.entries(shares)) {
        const [count, until] = share.split(':').map(Number);
        if (until > now) sum += count;
        else void this.redis.publisher.hdel(key, instance).catch(() => undefined);
      }
      return sum;
    } catch {
      return local;
    }
  }

  private async renew(): Promise<void> {
    if (!this.redis || !this.redisReady) return;
    const { publisher } = this.redis;
    const at = Date.now();
    try {
      for (const name of this.leases.keys()) {
        const held = await publisher.eval(LEASE_SCRIPT, 1, `${this.prefix}lease:${name}`, this.instanceId, LEASE_MS);
        this.leases.set(name, held === 1 ? at + LEASE_MS - LEASE_MARGIN_MS : 0);
      }
      for (const [name, local] of this.counts) await publisher.hset(`${this.prefix}counts:${name}`, this.instanceId, `${local}:${at + LEASE_MS}`);
    } catch {
      // Lost Redis: `lost` has said so; the next renewal after `back` retries.
    }
  }

  /** Messages may have been missed: suspend, and resynchronise once Redis answers. */
  private missed(): void {
    if (!this.needsResync) for (const participant of this.participants) participant.suspend?.();
    this.needsResync = true;
  }

  private lost(): void {
    if (this.stopped) return;
    this.missed();
    if (this.down) return;
    this.down = true;
    this.logger.error('Redis connection lost: this instance serves its own clients only, with its own alarms and rate limits, until Redis is back; /health/ready reports it');
  }

  private back(): void {
    if (!this.down || !this.redisReady) return;
    this.down = false;
    this.logger.log('Redis is back: reloading state from the database, then sharing again');
  }

  private async read(): Promise<void> {
    const { reader } = this.redis!;
    while (!this.stopped) {
      try {
        if (this.needsResync) {
          if (!this.redisReady) {
            await sleep(100);
            continue;
          }
          await this.resync();
        }
        const reply = (await reader.xread('COUNT', READ_COUNT, 'BLOCK', READ_BLOCK_MS, 'STREAMS', this.stream, this.lastId)) as [string, [string, string[]][]][] | null;
        for (const [id, fields] of reply?.[0]?.[1] ?? []) {
          this.lastId = id;
          await this.deliver(fields);
        }
      } catch (error) {
        if (this.stopped) return;
        if (this.redisReady) this.logger.error(`reading the event stream: ${(error as Error).message}`);
        this.lost();
        await sleep(200);
      }
    }
  }

  private async deliver(fields: string[]): Promise<void> {
    const field = (name: string) => {
      for (let i = 0; i < fields.length; i += 2) if (fields[i] === name) return fields[i + 1];
      return undefined;
    };
    if (field('o') === this.instanceId) return;
    const type = field('t');
    if (type === RESYNC_MARKER) {
      this.logger.log('another instance could not publish while Redis was lost: reloading state from the database');
      this.missed();
      return;
    }
    try {
      await this.handlers.get(type as ClusterMessageType)?.(field('p') ?? '', field('o') ?? '');
    } catch (error) {
      this.logger.error(`applying another instance's ${type}: ${(error as Error).message}`);
    }
  }

  /** Tells the others what they missed from here, then reloads every participant from the database. */
  private async resync(): Promise<void> {
    this.needsResync = false;
    if (this.unpublished) {
      this.unpublished = false;
      await this.redis!.publisher.xadd(this.stream, 'MAXLEN', '~', STREAM_MAX_LEN, '*', 'o', this.instanceId, 't', RESYNC_MARKER, 'p', '');
    }
    try {
      await Promise.all(this.participants.map((p) => p.resync()));
      this.logger.log('state reloaded from the database: other instances\' changes apply again');
    } catch (error) {
      this.logger.error(`reloading from the database: ${(error as Error).message}; retrying`);
      this.needsResync = true;
      await sleep(1_000);
    }
  }

  async close(): Promise<void> {
    if (!this.redis) return;
    this.stopped = true;
    clearInterval(this.renewer);
    const { publisher, reader } = this.redis;
    if (publisher.status === 'ready') {
      // Hand over at once instead of after the lease expires; and this instance's counts.
      await Promise.all([
        ...[...this.leases.keys()].map((name) => publisher.eval(RELEASE_SCRIPT, 1, `${this.prefix}lease:${name}`, this.instanceId)),
        ...[...this.counts.keys()].map((name) => publisher.hdel(`${this.prefix}counts:${name}`, this.instanceId)),
      ]).catch(() => undefined);
    }
    reader.disconnect();
    await this.loop;
    await publisher.quit().catch(() => undefined);
  }
}
