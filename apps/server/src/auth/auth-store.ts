import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { BUILT_IN_ROLES, type Role } from '@nightscout/protocol';
import { ObjectId } from 'mongodb';
import { Schema, type Connection, type Model } from 'mongoose';
import { randomBytes } from 'node:crypto';
import { ClusterBus } from '../cluster/cluster-bus';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { SCHEMA_OPTIONS } from '../storage/collection-schemas';
import { retryTransient } from '../storage/database-errors';
import { modelOf } from '../storage/models';
import { sha1Hex } from './hashing';

export interface StoredSubject {
  _id: ObjectId;
  name: string;
  roles: string[];
  notes?: string;
  created_at: string;
}

export interface Subject extends StoredSubject {
  accessToken: string;
  /** Hex SHA-1 of `API_SECRET` + `_id`: its first 16 characters are the token's secret part. */
  digest: string;
  /** Hex SHA-1 of the access token (what the web UI sends after hashing a typed token). */
  tokenDigest: string;
}

export interface StoredRole extends Role {
  _id?: ObjectId;
  created_at?: string;
}

interface StoredKey {
  _id: string;
  key: string;
}

/** The authorization collections, named `<AUTH_COLLECTION_PREFIX>subjects`, `…roles` and `…keys` (the reference's names, shared with it). */
const authSchemas = (prefix: string) => ({
  subjects: new Schema<StoredSubject>(
    { _id: Schema.Types.ObjectId, name: String, roles: [String], notes: String, created_at: String },
    { ...SCHEMA_OPTIONS, collection: `${prefix}subjects` },
  ),
  roles: new Schema<StoredRole>(
    { _id: Schema.Types.ObjectId, name: String, permissions: [String], notes: String, created_at: String },
    { ...SCHEMA_OPTIONS, collection: `${prefix}roles` },
  ),
  keys: new Schema<StoredKey>({ _id: String, key: String }, { ...SCHEMA_OPTIONS, collection: `${prefix}keys` }),
});

/** Minimum length of the secret part of an access token (docs/protocol/api-v1.md §3.3). */
const MIN_TOKEN_PART = 16;
/** Credentials that name nobody reload subjects at most this often (AuthStore.reloadForUnknown). */
const UNKNOWN_RELOAD_MS = 1_000;

/**
 * Subjects and roles (collections `<prefix>subjects`, `<prefix>roles`) held in memory and
 * reloaded after each change, and the key that signs JWTs. This is authorization data, not
 * Nightscout data, so it is written here rather than through the document write path.
 */
@Injectable()
export class AuthStore implements OnModuleInit {
  private readonly logger = new Logger('AuthStore');
  private unknownReloadAt = 0;
  private unknownReload?: Promise<void>;
  private subjects: Subject[] = [];
  private roles = new Map<string, StoredRole>();
  private key?: string;
  private readonly subjectModel: Model<StoredSubject>;
  private readonly roleModel: Model<StoredRole>;
  private readonly keyModel: Model<StoredKey>;

  constructor(
    @InjectConnection() connection: Connection,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly cluster: ClusterBus,
  ) {
    const schemas = authSchemas(config.authCollectionPrefix);
    this.subjectModel = modelOf(connection, 'AuthSubject', schemas.subjects);
    this.roleModel = modelOf(connection, 'AuthRole', schemas.roles);
    this.keyModel = modelOf(connection, 'AuthKey', schemas.keys);
  }

  async onModuleInit(): Promise<void> {
    // The database may be briefly away or busy at start (a locked FerretDB stopped a first start at a year: docs/performance.md).
    await retryTransient(() => this.reload(), (error) => this.logger.warn(`loading subjects, roles and the signing key (retrying): ${error.message}`));
    // Another instance changed subjects or roles (or messages were missed): in force here at once.
    this.cluster.on('auth', () => this.reload());
    this.cluster.participate({ resync: () => this.reload() });
  }

  /** The JWT signing key: random, created once and shared by every instance on the database. */
  private async loadOrCreateKey(): Promise<string> {
    const found = await this.keyModel
      .findOneAndUpdate({ _id: 'jwt' }, { $setOnInsert: { key: randomBytes(64).toString('hex') } }, { upsert: true, returnDocument: 'after' })
      .lean<StoredKey>();
    return found!.key;
  }

  get signingKey(): string {
    return this.key!;
  }

  /**
   * Reloads once when credentials named nobody, at most every UNKNOWN_RELOAD_MS (bad credentials
   * must not become a database read each): another instance may have made the subject a moment
   * ago, before its change message arrived here. True when a reload was made for the caller.
   */
  async reloadForUnknown(): Promise<boolean> {
    const now = Date.now();
    if (now - this.unknownReloadAt >= UNKNOWN_RELOAD_MS) {
      this.unknownReloadAt = now;
      // A failed reload (the database away) leaves the credentials unknown: refused, as before.
      this.unknownReload = this.reload()
        .catch((error: unknown) => this.logger.warn(`reloading subjects for unknown credentials: ${(error as Error).message}`))
        .finally(() => (this.unknownReload = undefined));
    }
    // Callers meanwhile wait for the same reload.
    if (!this.unknownReload) return false;
    await this.unknownReload;
    return true;
  }

  /** Reads subjects, roles and the key again (the key too: it may have been replaced in the database). */
  async reload(): Promise<void> {
    this.key = this.config.jwtSecret ?? (await this.loadOrCreateKey());
    const stored = await this.roleModel.find().lean<StoredRole[]>();
    this.roles = new Map([...BUILT_IN_ROLES.map((r) => [r.name, { ...r }] as const), ...stored.map((r) => [r.name, r] as const)]);
    this.subjects = (await this.subjectModel.find().lean<StoredSubject[]>()).map((s) => this.withTokens(s));
  }

  private withTokens(subject: StoredSubject): Subject {
    // Without API_SECRET the reference cannot derive tokens at all; we derive them from the JWT key.
    const base = this.config.apiSecret?.sha1 ?? sha1Hex(this.signingKey);
    const digest = sha1Hex(base + subject._id.toHexString());
    const abbrev = subject.name.toLowerCase().replace(/\W/g, '').substring(0, 10);
    const accessToken = `${abbrev}-${digest.substring(0, MIN_TOKEN_PART)}`;
    return { ...subject, digest, accessToken, tokenDigest: sha1Hex(accessToken) };
  }

  /** The subject an access token (or its SHA-1) names; the name prefix is not checked, as in the reference. */
  findSubjectByToken(value: string): Subject | undefined {
    const last = value.substring(value.lastIndexOf('-') + 1);
    if (last.length < MIN_TOKEN_PART) return undefined;
    const lower = value.toLowerCase();
    return this.subjects.find((s) => s.tokenDigest.startsWith(lower) || s.digest.startsWith(last.toLowerCase()));
  }

  findSubjectByName(name: string): Subject | undefined {
    return this.subjects.find((s) => s.name === name);
  }

  listSubjects(): Subject[] {
    return this.subjects;
  }

  listRoles(): StoredRole[] {
    return [...this.roles.values()];
  }

  /** The permissions of a role name; unknown roles grant nothing. */
  rolePermissions(name: string): string[] {
    return this.roles.get(name)?.permissions ?? [];
  }

  async saveSubject(subject: Omit<StoredSubject, '_id'> & { _id?: ObjectId }): Promise<StoredSubject> {
    const _id = subject._id ?? new ObjectId();
    const doc = { ...subject, _id };
    await this.subjectModel.replaceOne({ _id }, doc, { upsert: true });
    await this.changed();
    return doc;
  }

  async deleteSubject(id: ObjectId): Promise<void> {
    await this.subjectModel.deleteOne({ _id: id });
    await this.changed();
  }

  async saveRole(role: StoredRole): Promise<StoredRole> {
    const _id = role._id ?? new ObjectId();
    const doc = { ...role, _id };
    await this.roleModel.replaceOne({ _id }, doc, { upsert: true });
    await this.changed();
    return doc;
  }

  async deleteRole(id: ObjectId): Promise<void> {
    await this.roleModel.deleteOne({ _id: id });
    await this.changed();
  }

  /** After a change made here: reload, and have every other instance reload (answered once Redis holds the message). */
  private async changed(): Promise<void> {
    await this.reload();
    await this.cluster.publish('auth');
  }
}
