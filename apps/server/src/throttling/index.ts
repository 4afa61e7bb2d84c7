export { handshakeLimit } from './handshake-limit';
export { RateLimiter, type RateLimitBucket, type RateLimitDecision } from './rate-limiter';
export { throttleIdentity } from './identity';
