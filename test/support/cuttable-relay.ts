import net from 'node:net';

/**
 * A TCP relay between the app and a server (PostgreSQL, Redis) that a test can cut and
 * restore, standing in for a dependency that becomes unreachable and comes back. It reopens
 * on the same port, so clients reconnect to the same address.
 */
export class CuttableRelay {
  private server?: net.Server;
  private readonly sockets = new Set<net.Socket>();
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  async open(): Promise<void> {
    this.server = net.createServer((client) => {
      const upstream = net.connect(this.target);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => socket.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server!.address() as net.AddressInfo).port;
  }

  async cut(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }
}

/** An open relay in front of the Redis at `redisUrl`, and the URL that reaches Redis through it. */
export async function relayedRedis(redisUrl: string): Promise<{ relay: CuttableRelay; url: string }> {
  const target = new URL(redisUrl);
  const relay = new CuttableRelay({ host: target.hostname, port: Number(target.port || 6379) });
  await relay.open();
  const relayed = new URL(redisUrl);
  relayed.hostname = '127.0.0.1';
  relayed.port = String(relay.port);
  return { relay, url: relayed.toString() };
}
