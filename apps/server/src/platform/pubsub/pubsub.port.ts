/**
 * Fan-out of events between processes (real-time messages, typing indicators). Delivery is
 * best-effort and only to subscribers connected now: anything that must not be lost is in
 * the database first.
 */
export type Unsubscribe = () => Promise<void>;

export interface PubSub {
  readonly kind: 'memory' | 'redis';
  publish(channel: string, message: unknown): Promise<void>;
  subscribe(channel: string, handler: (message: unknown) => void): Promise<Unsubscribe>;
  close(): Promise<void>;
}
