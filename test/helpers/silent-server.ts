// A TCP server that accepts connections and never answers: for deadlines, hung logins and completion timeouts.
import { createServer, type Socket } from 'node:net';

export interface SilentServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export async function silentServer(): Promise<SilentServer> {
  const sockets = new Set<Socket>();
  const srv = createServer((s) => void sockets.add(s));
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const addr = srv.address();
  const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      srv.close(() => resolve());
    }),
  };
}
