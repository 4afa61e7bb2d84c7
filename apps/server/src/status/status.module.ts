import { Module } from '@nestjs/common';
import { StatusController } from './status.controller';
import { VersionController } from './version.controller';

@Module({ controllers: [StatusController, VersionController] })
export class StatusModule {}
