import type { PubSub, Unsubscribe } from './pubsub.port.ts';

export class MemoryPubSub implements PubSub {
  readonly kind = 'memory' as const;
  private readonly handlers = new Map<string, Set<(message: unknown) => void>>();

  async publish(channel: string, message: unknown): Promise<void> {
    // Serialize like Redis would, so subscribers never share an object with the publisher.
    const json = JSON.stringify(message);
    for (const handler of this.handlers.get(channel) ?? []) {
      queueMicrotask(() => handler(JSON.parse(json)));
    }
  }

  async subscribe(channel: string, handler: (message: unknown) => void): Promise<Unsubscribe> {
    const set = this.handlers.get(channel) ?? new Set();
    set.add(handler);
    this.handlers.set(channel, set);
    return async () => {
      set.delete(handler);
      if (set.size === 0) this.handlers.delete(channel);
    };
  }

  async close(): Promise<void> {
    this.handlers.clear();
  }
}
