import * as net from "node:net";
import type { AddressInfo } from "node:net";

/** A port nothing listens on: bound on 127.0.0.1:0, read, and released (a connection is refused). */
export async function refusedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
  return port;
}
