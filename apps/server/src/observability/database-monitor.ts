import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { Metrics } from './metrics';

/** Says once when the database connection is lost and once when it is back, and keeps `nightscout_database_up`. */
@Injectable()
export class DatabaseMonitor implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Database');
  private closing = false;
  private readonly lost = () => {
    if (this.closing) return;
    this.metrics.databaseUp.set(0);
    this.logger.warn('database connection lost: data requests answer 503 until it is back (the driver reconnects by itself)');
  };
  private readonly back = () => {
    this.metrics.databaseUp.set(1);
    this.logger.log('database connection is back');
  };

  constructor(
    @InjectConnection() private readonly connection: Connection,
    private readonly metrics: Metrics,
  ) {}

  onModuleInit(): void {
    this.metrics.databaseUp.set(this.connection.readyState === 1 ? 1 : 0);
    this.connection.on('disconnected', this.lost);
    this.connection.on('reconnected', this.back);
  }

  onModuleDestroy(): void {
    this.closing = true;
    this.connection.off('disconnected', this.lost);
    this.connection.off('reconnected', this.back);
  }
}
