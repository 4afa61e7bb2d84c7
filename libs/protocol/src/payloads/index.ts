export * from './legacy.dto';
export * from './subscribe.dto';
export * from './validate';
export * from './authorization.dto';
