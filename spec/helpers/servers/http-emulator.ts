import type {
  Behaviour,
  IssuedHint,
  RateLimitViolation,
  RecordedRequest,
  ScriptedHttp,
} from "./scripted-http.js";

/** Counts "characters" the way an emulator is told to: UTF-16 code units (strict) or code points. */
export type CountUnit = "utf16" | "codepoint";

export function countChars(text: string, unit: CountUnit): number {
  if (unit === "utf16") return text.length;
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** A pending "answer the next N requests with 429" order. */
export interface RateLimitOrder {
  retryAfterSec: number;
  remaining: number;
  global: boolean;
}

/**
 * What the three HTTP service emulators share: they run on a ScriptedHttp (reachable as `http`)
 * and forward its recording, script, wait and lifecycle methods.
 */
export abstract class HttpEmulator {
  protected constructor(readonly http: ScriptedHttp) {}

  /** `http://127.0.0.1:<port>` */
  get url(): string {
    return this.http.url;
  }
  get port(): number {
    return this.http.port;
  }
  /** Every request, whatever the answer. */
  get requests(): RecordedRequest[] {
    return this.http.requests;
  }
  /** Requests that came before a 429's retry hint had passed (tolerance 20 ms). */
  get violations(): RateLimitViolation[] {
    return this.http.violations;
  }
  /** Every 429 with a retry hint that was sent. */
  get hints(): IssuedHint[] {
    return this.http.hints;
  }
  /** Behaviours that override the service for the next requests (fail, delay, hang, ...). */
  script(...behaviours: Behaviour[]): this {
    this.http.script(...behaviours);
    return this;
  }
  waitForRequests(n: number, timeoutMs = 5000): Promise<RecordedRequest[]> {
    return this.http.waitForRequests(n, timeoutMs);
  }
  getConnections(): Promise<number> {
    return this.http.getConnections();
  }
  stop(): Promise<void> {
    return this.http.stop();
  }
  restartOnSamePort(): Promise<void> {
    return this.http.restartOnSamePort();
  }
  close(): Promise<void> {
    return this.http.close();
  }
}
