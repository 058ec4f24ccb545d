import * as os from "node:os";
import type { SyslogProtocol } from "../config/scalars.js";
import { FlowlogSinkError } from "../core/errors.js";
import type { OutgoingMessage } from "../core/delivery.js";
import { FormatCache } from "../format/format-cache.js";
import { formatSyslogCached, octetCountedFrame, type SyslogFormatOptions } from "../format/syslog.js";
import { Level } from "../core/levels.js";
import { readCaFile, SyslogDatagramClient, SyslogStreamClient } from "../io/syslog-socket.js";
import type { LogRecord } from "../core/record.js";
import { tryFacilityCode } from "../core/syslog-facilities.js";
import { checkNumberOption } from "./check-option.js";
import { RemoteSink, type AlertTransport, type RemoteSinkOptions } from "./remote-sink.js";

export type { SyslogProtocol };

export interface SyslogSinkOptions extends Omit<RemoteSinkOptions, "coalesceMs"> {
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Default 514 for udp and tcp, 6514 for tls. */
  readonly port?: number;
  /** Default "tcp" (octet counting, RFC 6587); "tls" verifies the server's certificate (RFC 5425); "udp" (RFC 5426) cannot detect loss. */
  readonly protocol?: SyslogProtocol;
  /** A name (`local0`, `auth`, ...) or a number 0..23; default local0 (16). */
  readonly facility?: string | number;
  /** APP-NAME; default the record's logger name. */
  readonly appName?: string;
  /** HOSTNAME; default os.hostname(). */
  readonly hostname?: string;
  /** PEM file of the CA that signed the server's certificate (a private CA), for tls. */
  readonly caFile?: string;
  /** Bytes of one SYSLOG-MSG before it is cut; default 2048 for udp, 8192 (rsyslog's default limit) otherwise. */
  readonly maxMessageBytes?: number;
  /**
   * TCP/TLS: after a lost connection, what was written this long before it is written again
   * (default 10,000 ms; 0: never, a reset may then lose records counted delivered). See the
   * README's Guarantees.
   */
  readonly resendWindowMs?: number;
  /** ...at most this many bytes of it (default 8 MiB). */
  readonly resendWindowBytes?: number;
}

export const DEFAULT_SYSLOG_PORTS: Readonly<Record<SyslogProtocol, number>> = Object.freeze({ udp: 514, tcp: 514, tls: 6514 });
const DEFAULT_MAX_BYTES: Readonly<Record<SyslogProtocol, number>> = Object.freeze({ udp: 2048, tcp: 8192, tls: 8192 });
/** Every receiver must take 480 bytes (RFC 5424 §6.1); a smaller cap could not hold a header. */
const MIN_MESSAGE_BYTES = 480;
const WHOLE_FROM_1 = { min: 1, integer: true } as const;

/**
 * Records to a syslog server (rsyslog, syslog-ng) as RFC 5424 messages, over TCP with octet
 * counting (default), TLS, or UDP. It is a {@link RemoteSink} without alert coalescing: every
 * record is one message. Batching, the bounded queue, retries with backoff (which is also the
 * reconnect backoff), the dead letter and the report come from there.
 *
 * "Delivered" means written to the socket: syslog has no acknowledgement. See
 * {@link SyslogStreamClient} for what a lost connection can lose and what is sent again.
 */
export class SyslogSink extends RemoteSink<readonly Buffer[]> {
  readonly protocol: SyslogProtocol;
  readonly host: string;
  readonly port: number;
  readonly #format: SyslogFormatOptions;
  /** This sink's formatting memo (the last second's timestamp text): its own, never shared. */
  readonly #formatCache = new FormatCache();
  readonly #ca: Buffer | undefined;
  readonly #resend: { readonly ms: number | undefined; readonly bytes: number | undefined };

  constructor(options: SyslogSinkOptions = {}) {
    super("syslog", { minLevel: Level.INFO, batchMs: 100, ...options, coalesceMs: 0 });
    const protocol = options.protocol ?? "tcp";
    if (protocol !== "udp" && protocol !== "tcp" && protocol !== "tls") {
      throw new FlowlogSinkError(`SyslogSink protocol must be "udp", "tcp" or "tls", got ${JSON.stringify(protocol)}`);
    }
    this.protocol = protocol;
    this.host = options.host ?? "127.0.0.1";
    this.port = checkNumberOption(options.port ?? DEFAULT_SYSLOG_PORTS[protocol], "SyslogSink port", WHOLE_FROM_1);
    if (this.port > 65535) throw new FlowlogSinkError(`SyslogSink port must be 1..65535, got ${this.port}`);
    if (options.caFile !== undefined && protocol !== "tls") {
      throw new FlowlogSinkError(`SyslogSink caFile is only used with protocol "tls" (got "${protocol}")`);
    }
    this.#ca = options.caFile === undefined ? undefined : readCaFile(options.caFile);
    this.#resend = {
      ms: options.resendWindowMs === undefined ? undefined : checkNumberOption(options.resendWindowMs, "SyslogSink resendWindowMs", { min: 0, integer: false }),
      bytes: options.resendWindowBytes === undefined ? undefined : checkNumberOption(options.resendWindowBytes, "SyslogSink resendWindowBytes", { min: 0, integer: true }),
    };
    const maxBytes = checkNumberOption(options.maxMessageBytes ?? DEFAULT_MAX_BYTES[protocol], "SyslogSink maxMessageBytes", WHOLE_FROM_1);
    if (maxBytes < MIN_MESSAGE_BYTES) throw new FlowlogSinkError(`SyslogSink maxMessageBytes must be >= ${MIN_MESSAGE_BYTES}, got ${maxBytes}`);
    this.#format = {
      facility: syslogFacility(options.facility ?? "local0"),
      hostname: options.hostname ?? os.hostname(),
      appName: options.appName,
      procId: String(process.pid),
      maxBytes,
    };
  }

  /** One message for the whole batch: its records go out in one write (TCP, TLS) or one datagram each (UDP). */
  protected format(records: readonly LogRecord[]): OutgoingMessage<readonly Buffer[]>[] {
    return [{ body: records.map((record) => formatSyslogCached(record, this.#format, this.#formatCache)), records: records.map((_, index) => index) }];
  }

  protected openTransport(): AlertTransport<readonly Buffer[]> {
    if (this.protocol === "udp") {
      const client = new SyslogDatagramClient({ host: this.host, port: this.port });
      return { send: (messages, signal) => client.send(messages, signal), close: () => client.close() };
    }
    const client = new SyslogStreamClient({
      host: this.host,
      port: this.port,
      tls: this.protocol === "tls",
      ca: this.#ca,
      timeoutMs: this.timeoutMs,
      resendWindowMs: this.#resend.ms,
      resendWindowBytes: this.#resend.bytes,
    });
    return {
      send: (messages, signal) => client.send(Buffer.concat(messages.map(octetCountedFrame)), signal),
      close: () => client.close(),
    };
  }
}

/** A facility given by name or number, as its code 0..23. */
export function syslogFacility(facility: string | number): number {
  const code = tryFacilityCode(facility);
  if (code === undefined) {
    throw new FlowlogSinkError(`syslog facility must be a name (local0..local7, user, auth, ...) or 0..23, got ${JSON.stringify(facility)}`);
  }
  return code;
}
