import type { AlarmProducer } from '../notify-request';
import { Ar2Producer } from './ar2.producer';
import { bageProducer } from './bage.producer';
import { BwpProducer } from './bwp.producer';
import { cageProducer } from './cage.producer';
import { DbSizeProducer } from './dbsize.producer';
import { ErrorCodesProducer } from './errorcodes.producer';
import { iageProducer } from './iage.producer';
import { LoopProducer } from './loop.producer';
import { OpenApsProducer } from './openaps.producer';
import { PumpProducer } from './pump.producer';
import { sageProducer } from './sage.producer';
import { SimpleAlarmsProducer } from './simple-alarms.producer';
import { StaleDataProducer } from './stale-data.producer';
import { TreatmentNotifyProducer } from './treatment-notify.producer';
import { UpbatProducer } from './upbat.producer';

/** Every producer, in the reference's server plugin order; the engine asks those whose plugin is enabled. */
export const ALARM_PRODUCERS: readonly AlarmProducer[] = [
  new UpbatProducer(),
  new Ar2Producer(),
  new SimpleAlarmsProducer(),
  new ErrorCodesProducer(),
  new PumpProducer(),
  new OpenApsProducer(),
  new LoopProducer(),
  new BwpProducer(),
  cageProducer,
  sageProducer,
  iageProducer,
  bageProducer,
  new TreatmentNotifyProducer(),
  new StaleDataProducer(),
  new DbSizeProducer(),
];
