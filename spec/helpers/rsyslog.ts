import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import * as dgram from "node:dgram";
import * as fs from "node:fs";
import * as path from "node:path";
import { waitUntil } from "./wait-until.js";

/**
 * A real rsyslogd for tests (contract log-shipping.md §1.5): foreground (`-n`), its own config
 * and pid file in the test's folder, inputs on 127.0.0.1 only, every message written by omfile
 * as one JSON object per line with the fields rsyslog parsed (PRI, timestamp, app name, SD, MSG).
 * Control characters are stored as received (`parser.escapeControlCharactersOnReceive="off"`),
 * and the JSON template escapes them, so a message with line breaks is still one line here.
 *
 * `stop()` ends the daemon (SIGTERM, then SIGKILL) and waits for its exit; `stopAll()` in an
 * afterEach stops whatever a failed test left running.
 */

/** What rsyslog parsed from one message (strings, as its template writes them). */
export interface ReceivedSyslog {
  readonly pri: string;
  readonly ts: string;
  readonly host: string;
  readonly app: string;
  readonly procid: string;
  readonly msgid: string;
  readonly sd: string;
  /** The MSG part, BOM included when it was sent. */
  readonly msg: string;
  readonly input: string;
}

export interface RsyslogOptions {
  /** Listen on this TCP port instead of one the OS picks (a restart on the same port). */
  readonly tcpPort?: number;
  /** Add a UDP input (on a port picked here). */
  readonly udp?: boolean;
  /** Add a TLS input (gtls) with a certificate signed by a CA generated in `dir`. */
  readonly tls?: boolean;
  /** rsyslog's maxMessageSize (default 64k, above flowlog's caps). */
  readonly maxMessageSize?: string;
}

export interface TestCertificates {
  /** The private CA a client must trust: flowlog's `caFile`. */
  readonly caFile: string;
  readonly certFile: string;
  readonly keyFile: string;
}

const running = new Set<Rsyslog>();

/** On PATH, or where Debian puts it (/usr/sbin is not on a normal user's PATH). */
const RSYSLOGD = fs.existsSync("/usr/sbin/rsyslogd") ? "/usr/sbin/rsyslogd" : "rsyslogd";

export class Rsyslog {
  readonly dir: string;
  readonly outFile: string;
  tcpPort = 0;
  udpPort = 0;
  tlsPort = 0;
  /** What the daemon printed (its own errors and oversize notices). */
  output = "";
  #child: ChildProcess | undefined;
  #exited: Promise<void> = Promise.resolve();

  private constructor(dir: string) {
    this.dir = dir;
    this.outFile = path.join(dir, "out", "records.ndjson");
  }

  static available(): boolean {
    try {
      execFileSync(RSYSLOGD, ["-v"], { stdio: "ignore" });
      return true;
    } catch {
      return false;
    }
  }

  /** Starts rsyslogd with its files under `dir` and waits until every input listens. */
  static async start(dir: string, options: RsyslogOptions = {}): Promise<Rsyslog> {
    const server = new Rsyslog(dir);
    await server.#start(options);
    return server;
  }

  /** Starts it again after stop(), with the same options and the same TCP port. */
  async restart(options: RsyslogOptions = {}): Promise<void> {
    await this.#start({ ...options, tcpPort: this.tcpPort });
  }

  async #start(options: RsyslogOptions): Promise<void> {
    const work = path.join(this.dir, "work");
    fs.mkdirSync(work, { recursive: true });
    fs.mkdirSync(path.dirname(this.outFile), { recursive: true });
    const portFile = path.join(work, "tcp.port");
    const tlsPortFile = path.join(work, "tls.port");
    fs.rmSync(portFile, { force: true });
    fs.rmSync(tlsPortFile, { force: true });
    if (options.udp) this.udpPort = this.udpPort || (await freeUdpPort());
    const certs = options.tls ? testCertificates(this.dir) : undefined;
    const conf = path.join(work, "rsyslog.conf");
    fs.writeFileSync(conf, config(this.dir, this.outFile, portFile, tlsPortFile, options, this.udpPort, certs));
    const pidFile = path.join(work, "rsyslogd.pid");
    fs.rmSync(pidFile, { force: true });
    const child = spawn(RSYSLOGD, ["-n", "-f", conf, "-i", pidFile], { stdio: ["ignore", "pipe", "pipe"] });
    this.#child = child;
    running.add(this);
    child.stdout?.on("data", (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => (this.output += chunk.toString()));
    this.#exited = new Promise((resolve) => child.once("exit", () => resolve()));
    let exited = false;
    void this.#exited.then(() => (exited = true));
    const ready = (): boolean => {
      if (exited) throw new Error(`rsyslogd exited at start:\n${this.output}`);
      if (options.tcpPort === undefined && !hasPort(portFile)) return false;
      return !(options.tls && !hasPort(tlsPortFile));
    };
    await waitUntil(ready, 10_000);
    this.tcpPort = options.tcpPort ?? Number(fs.readFileSync(portFile, "utf8").trim());
    if (options.tls) this.tlsPort = Number(fs.readFileSync(tlsPortFile, "utf8").trim());
    // A given port has no port file, and imudp none at all: wait until the kernel lists them.
    if (options.tcpPort !== undefined) await waitUntil(() => listening("tcp", this.tcpPort), 10_000);
    if (options.udp) await waitUntil(() => listening("udp", this.udpPort), 10_000);
  }

  /** Every message rsyslog has written so far (whole lines), parsed. */
  received(): ReceivedSyslog[] {
    if (!fs.existsSync(this.outFile)) return [];
    const lines = fs.readFileSync(this.outFile, "utf8").split("\n");
    // The last piece is a line omfile is still writing (or "" after the final newline).
    lines.pop();
    return lines.map((line) => JSON.parse(line) as ReceivedSyslog);
  }

  /** How many whole lines (messages) are on disk: counted, not parsed, so it is cheap to poll. */
  count(): number {
    let data: Buffer;
    try {
      data = fs.readFileSync(this.outFile);
    } catch {
      return 0;
    }
    let lines = 0;
    for (let at = data.indexOf(10); at !== -1; at = data.indexOf(10, at + 1)) lines++;
    return lines;
  }

  /** Waits until at least `count` messages are on disk (omfile writes asynchronously), then parses them. */
  async waitForCount(count: number, timeoutMs = 10_000): Promise<ReceivedSyslog[]> {
    let seen = 0;
    await waitUntil(() => (seen = this.count()) >= count, timeoutMs).catch((err: Error) => {
      throw new Error(`${err.message}: ${seen} of ${count} messages arrived`);
    });
    return this.received();
  }

  /** SIGTERM, SIGKILL after 15 s (it may take up to 10 s to drain); resolves once the daemon has exited. */
  async stop(): Promise<void> {
    const child = this.#child;
    this.#child = undefined;
    running.delete(this);
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
    const killer = setTimeout(() => child.kill("SIGKILL"), 15_000);
    child.kill("SIGTERM");
    await this.#exited;
    clearTimeout(killer);
  }

  /** Stops every daemon still running (an afterEach, so a failed test leaves none behind). */
  static async stopAll(): Promise<void> {
    await Promise.all([...running].map((server) => server.stop()));
  }
}

/** Whether 127.0.0.1:`port` is bound (TCP: listening), from /proc/net. */
function listening(kind: "tcp" | "udp", port: number): boolean {
  const local = `0100007F:${port.toString(16).toUpperCase().padStart(4, "0")}`;
  return fs
    .readFileSync(`/proc/net/${kind}`, "utf8")
    .split("\n")
    .some((line) => {
      const fields = line.trim().split(/\s+/);
      return fields[1] === local && (kind === "udp" || fields[3] === "0A");
    });
}

function hasPort(file: string): boolean {
  try {
    return /^\d+\s*$/.test(fs.readFileSync(file, "utf8"));
  } catch {
    return false;
  }
}

/** imudp has no port file in rsyslog 8.2302: a port the OS just handed out and released. */
async function freeUdpPort(): Promise<number> {
  const socket = dgram.createSocket("udp4");
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

/** A private CA and a server certificate for 127.0.0.1 / localhost it signed (openssl). */
export function testCertificates(dir: string): TestCertificates {
  const certs = path.join(dir, "certs");
  const files = {
    caFile: path.join(certs, "ca.pem"),
    certFile: path.join(certs, "server.pem"),
    keyFile: path.join(certs, "server-key.pem"),
  };
  if (fs.existsSync(files.keyFile)) return files;
  fs.mkdirSync(certs, { recursive: true });
  const caKey = path.join(certs, "ca-key.pem");
  const csr = path.join(certs, "server.csr");
  const ext = path.join(certs, "server.ext");
  const run = (args: string[]) => execFileSync("openssl", args, { stdio: "pipe" });
  run(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", caKey, "-out", files.caFile, "-days", "2", "-subj", "/CN=flowlog test CA"]);
  run(["req", "-newkey", "rsa:2048", "-nodes", "-keyout", files.keyFile, "-out", csr, "-subj", "/CN=localhost"]);
  fs.writeFileSync(ext, "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
  run(["x509", "-req", "-in", csr, "-CA", files.caFile, "-CAkey", caKey, "-CAcreateserial", "-out", files.certFile, "-days", "2", "-extfile", ext]);
  return files;
}

function config(
  dir: string,
  outFile: string,
  portFile: string,
  tlsPortFile: string,
  options: RsyslogOptions,
  udpPort: number,
  certs: TestCertificates | undefined,
): string {
  const tcpPort = options.tcpPort === undefined ? `port="0" listenPortFileName="${portFile}"` : `port="${options.tcpPort}"`;
  const tlsGlobals = certs
    ? `defaultNetstreamDriverCAFile="${certs.caFile}" defaultNetstreamDriverCertFile="${certs.certFile}" defaultNetstreamDriverKeyFile="${certs.keyFile}"`
    : "";
  return `
global(workDirectory="${path.join(dir, "work")}" maxMessageSize="${options.maxMessageSize ?? "64k"}"
       parser.escapeControlCharactersOnReceive="off" ${tlsGlobals})
# rsyslog discards what its in-memory main queue still holds 1.5 s after SIGTERM (the default
# queue.timeoutShutdown): messages it has read, lost on its side where no syslog client can see
# them. The specs measure flowlog's side, so this daemon drains its queue before it exits.
main_queue(queue.timeoutShutdown="10000")
module(load="imtcp" maxSessions="200")
${options.udp ? 'module(load="imudp")' : ""}
template(name="FlowlogJson" type="list" option.jsonf="on") {
  property(outname="pri" name="pri" format="jsonf")
  property(outname="ts" name="timereported" dateFormat="rfc3339" format="jsonf")
  property(outname="host" name="hostname" format="jsonf")
  property(outname="app" name="app-name" format="jsonf")
  property(outname="procid" name="procid" format="jsonf")
  property(outname="msgid" name="msgid" format="jsonf")
  property(outname="sd" name="structured-data" format="jsonf")
  property(outname="msg" name="msg" format="jsonf")
  property(outname="input" name="inputname" format="jsonf")
}
ruleset(name="capture") { action(type="omfile" file="${outFile}" template="FlowlogJson") }
input(type="imtcp" address="127.0.0.1" ${tcpPort} ruleset="capture")
${options.udp ? `input(type="imudp" address="127.0.0.1" port="${udpPort}" ruleset="capture")` : ""}
${
  certs
    ? `input(type="imtcp" address="127.0.0.1" port="0" listenPortFileName="${tlsPortFile}" ruleset="capture" name="tls"
      streamDriver.name="gtls" streamDriver.mode="1" streamDriver.authMode="anon")`
    : ""
}
`;
}
