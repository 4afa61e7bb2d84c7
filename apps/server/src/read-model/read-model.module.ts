import { Global, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ReadModelListener, ReadModelService } from './read-model.service';

/** The in-memory read side of the queries clients poll. */
@Global()
@Module({
  imports: [CqrsModule],
  providers: [ReadModelService, ReadModelListener],
  exports: [ReadModelService],
})
export class ReadModelModule {}
