export * from './queue.port';
export * from './queue.lag';
export { InlineJobQueue, type InlineQueueOptions } from './inline/inline.queue';
export { BullMqJobQueue, type BullMqQueueOptions } from './bullmq/bullmq.queue';
export * from './leadership.port';
export { RedisLeadership } from './bullmq/redis-leadership';
export { connectRedis, describeRedisUrl, throttled } from './bullmq/redis-connection';
export * from './stream.lease';
export * from './lease';
