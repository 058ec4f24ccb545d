import { expect } from "chai";
import * as dgram from "node:dgram";
import * as net from "node:net";
import { SyslogDatagramClient, SyslogStreamClient } from "../../src/io/syslog-socket.js";
import { waitUntil } from "../helpers/wait-until.js";

/** A TCP server on 127.0.0.1 that keeps what each connection sent. */
async function recordingServer() {
  const connections: { socket: net.Socket; data: Buffer[] }[] = [];
  const server = net.createServer((socket) => {
    const entry = { socket, data: [] as Buffer[] };
    connections.push(entry);
    socket.on("data", (chunk) => entry.data.push(chunk));
    socket.on("error", () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    port,
    connections,
    text: (index: number) => Buffer.concat(connections[index]?.data ?? []).toString(),
    close: () => {
      for (const { socket } of connections) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe("io/syslog-socket SyslogStreamClient (against a loopback TCP server)", () => {
  let server: Awaited<ReturnType<typeof recordingServer>>;
  let client: SyslogStreamClient | undefined;
  let now = 0;
  const signal = new AbortController().signal;
  beforeEach(async () => {
    server = await recordingServer();
    now = 0;
  });
  afterEach(async () => {
    await client?.close();
    await server.close();
  });
  const open = (options: Partial<ConstructorParameters<typeof SyslogStreamClient>[0]> = {}) =>
    (client = new SyslogStreamClient({ host: "127.0.0.1", port: server.port, tls: false, timeoutMs: 1000, now: () => now, ...options }));

  it("sends on one persistent connection and closes it cleanly", async () => {
    const c = open();
    for (const part of ["a ", "b ", "c "]) expect(await c.send(Buffer.from(part), signal)).to.deep.equal({ kind: "ok" });
    await waitUntil(() => server.text(0) === "a b c ");
    await c.close();
    expect(server.connections).to.have.length(1);
    await waitUntil(() => server.connections[0].socket.readableEnded);
  });

  it("after a reset, writes the recent window again first on the next connection (duplicates, not gaps)", async () => {
    const c = open();
    await c.send(Buffer.from("one "), signal);
    await c.send(Buffer.from("two "), signal);
    await waitUntil(() => server.text(0) === "one two ");
    server.connections[0].socket.resetAndDestroy();
    await waitUntil(() => !c.connected);
    expect(await c.send(Buffer.from("three "), signal)).to.deep.equal({ kind: "ok" });
    await waitUntil(() => server.text(1) === "one two three ");
    expect(c.resends).to.equal(1);
  });

  it("writes older than the window are not sent again, and the window is bounded in bytes", async () => {
    const c = open({ resendWindowMs: 1000, resendWindowBytes: 8 });
    await c.send(Buffer.from("old "), signal);
    now = 5000;
    await c.send(Buffer.from("aaaa"), signal);
    await c.send(Buffer.from("bbbb"), signal);
    await c.send(Buffer.from("cccc"), signal);
    await waitUntil(() => server.text(0) === "old aaaabbbbcccc");
    server.connections[0].socket.resetAndDestroy();
    await waitUntil(() => !c.connected);
    await c.send(Buffer.from("new"), signal);
    await waitUntil(() => server.text(1) === "bbbbccccnew");
  });

  it("after a clean end from the server long after the last write, nothing is sent again", async () => {
    const c = open();
    await c.send(Buffer.from("read "), signal);
    await waitUntil(() => server.text(0) === "read ");
    now = 60_000;
    server.connections[0].socket.end();
    await waitUntil(() => !c.connected);
    await c.send(Buffer.from("next "), signal);
    await waitUntil(() => server.text(1) === "next ");
    expect(c.resends).to.equal(0);
  });

  it("a refused connection is a retry outcome, never a throw", async () => {
    const c = open();
    await server.close();
    const outcome = await c.send(Buffer.from("x"), signal);
    expect(outcome.kind).to.equal("retry");
    expect((outcome as { error: string }).error).to.match(/ECONNREFUSED/);
  });

  it("a server that never completes the TLS handshake: the attempt fails after timeoutMs, with code ETIMEDOUT", async () => {
    const c = open({ tls: true, timeoutMs: 200 });
    const started = performance.now();
    const outcome = await c.send(Buffer.from("x"), signal);
    expect(outcome.kind).to.equal("retry");
    expect((outcome as { error: string }).error).to.match(/timeout after 200 ms/);
    expect(outcome).to.have.property("code", "ETIMEDOUT");
    expect(performance.now() - started).to.be.at.least(150);
    await waitUntil(() => server.connections.length === 1 && server.connections[0].socket.destroyed);
  });
});

describe("io/syslog-socket SyslogDatagramClient (against a loopback UDP socket)", () => {
  const signal = new AbortController().signal;
  let server: dgram.Socket;
  let received: string[];
  let client: SyslogDatagramClient;
  beforeEach(async () => {
    received = [];
    server = dgram.createSocket("udp4");
    server.on("message", (message) => received.push(message.toString()));
    await new Promise<void>((resolve) => server.bind(0, "127.0.0.1", resolve));
  });
  afterEach(async () => {
    await client.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it("sends one datagram per message", async () => {
    client = new SyslogDatagramClient({ host: "127.0.0.1", port: server.address().port });
    expect(await client.send([Buffer.from("one"), Buffer.from("two")], signal)).to.deep.equal({ kind: "ok" });
    expect(await client.send([Buffer.from("three")], signal)).to.deep.equal({ kind: "ok" });
    await waitUntil(() => received.length === 3);
    expect(received).to.deep.equal(["one", "two", "three"]);
  });

  it("nobody listening: a later send says ECONNREFUSED (a retry outcome), never a throw", async () => {
    const probe = dgram.createSocket("udp4");
    await new Promise<void>((resolve) => probe.bind(0, "127.0.0.1", resolve));
    const port = probe.address().port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    client = new SyslogDatagramClient({ host: "127.0.0.1", port });
    let outcome = await client.send([Buffer.from("lost")], signal);
    await waitUntil(async () => (outcome = await client.send([Buffer.from("again")], signal)).kind !== "ok");
    expect(outcome.kind).to.equal("retry");
    expect((outcome as { error: string }).error).to.match(/ECONNREFUSED/);
  });
});
