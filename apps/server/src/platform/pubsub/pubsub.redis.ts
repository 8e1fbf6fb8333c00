import type { Redis } from 'ioredis';
import type { PubSub, Unsubscribe } from './pubsub.port.ts';

/** Publishes on the shared connection; listens on a dedicated one (Redis requires it). */
export class RedisPubSub implements PubSub {
  readonly kind = 'redis' as const;
  /** The dedicated listening connection (coordination waits for it at start). */
  readonly subscriber: Redis;
  private readonly handlers = new Map<string, Set<(message: unknown) => void>>();

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {
    this.subscriber = redis.duplicate();
    this.subscriber.on('error', () => {});
    this.subscriber.on('message', (channel: string, json: string) => {
      const handlers = this.handlers.get(channel.slice(this.prefix.length));
      if (!handlers) return;
      const message: unknown = JSON.parse(json);
      for (const handler of handlers) handler(message);
    });
  }

  async publish(channel: string, message: unknown): Promise<void> {
    await this.redis.publish(`${this.prefix}${channel}`, JSON.stringify(message));
  }

  async subscribe(channel: string, handler: (message: unknown) => void): Promise<Unsubscribe> {
    let set = this.handlers.get(channel);
    if (!set) {
      // Subscribe first: a subscription Redis refused must leave nothing behind, so a retry subscribes again.
      await this.subscriber.subscribe(`${this.prefix}${channel}`);
      set = this.handlers.get(channel) ?? new Set();
      this.handlers.set(channel, set);
    }
    set.add(handler);
    return async () => {
      const current = this.handlers.get(channel);
      if (!current) return;
      current.delete(handler);
      if (current.size === 0) {
        this.handlers.delete(channel);
        await this.subscriber.unsubscribe(`${this.prefix}${channel}`);
      }
    };
  }

  async close(): Promise<void> {
    this.handlers.clear();
    this.subscriber.disconnect();
  }
}
