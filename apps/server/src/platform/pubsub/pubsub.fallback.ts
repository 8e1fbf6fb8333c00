import type { CircuitBreaker } from '../circuit-breaker.ts';
import { MemoryPubSub } from './pubsub.memory.ts';
import type { PubSub, Unsubscribe } from './pubsub.port.ts';

type Handler = (message: unknown) => void;

/**
 * Fan-out through Redis while it answers; within this process while it does not (delivery is
 * best-effort by contract). Every subscriber listens on both: a message is published on one of
 * them only, so it arrives once. Subscriptions Redis could not take are made when it returns.
 */
export class FallbackPubSub implements PubSub {
  readonly kind = 'redis' as const;
  private readonly local = new MemoryPubSub();
  /** Subscriptions made while Redis was away, to replay on recovery. */
  private readonly pending = new Map<Handler, { channel: string; done?: Unsubscribe }>();

  constructor(
    private readonly primary: PubSub,
    private readonly breaker: CircuitBreaker,
  ) {
    breaker.onClose(() => this.subscribePending());
  }

  publish(channel: string, message: unknown): Promise<void> {
    return this.breaker.run(
      () => this.primary.publish(channel, message),
      () => this.local.publish(channel, message),
    );
  }

  async subscribe(channel: string, handler: Handler): Promise<Unsubscribe> {
    const unsubscribeLocal = await this.local.subscribe(channel, handler);
    const entry: { channel: string; done?: Unsubscribe } = { channel };
    const remote = await this.breaker.run<Unsubscribe | undefined>(
      () => this.primary.subscribe(channel, handler),
      async () => {
        this.pending.set(handler, entry);
        return undefined;
      },
    );
    return async () => {
      await unsubscribeLocal();
      this.pending.delete(handler);
      const unsubscribeRemote = remote ?? entry.done;
      // Always drop the handler on the Redis side too (even while Redis is away), or it would hear the channel again after recovery.
      if (unsubscribeRemote) await unsubscribeRemote().catch(() => {});
    };
  }

  /** Throws while Redis still fails, which keeps the breaker open. */
  private async subscribePending(): Promise<void> {
    for (const [handler, entry] of [...this.pending]) {
      entry.done = await this.primary.subscribe(entry.channel, handler);
      this.pending.delete(handler);
    }
  }

  async close(): Promise<void> {
    this.pending.clear();
    await this.local.close();
    await this.primary.close();
  }
}
