export * from './queue.port';
export { InlineJobQueue, type InlineQueueOptions } from './inline/inline.queue';
