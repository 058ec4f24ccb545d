import { expect } from "chai";
import { asyncScheduler } from "rxjs";
import sinon from "sinon";
import type { AttemptOutcome } from "../../src/core/attempt-outcome.js";
import { deliverWithRetry, type DeliveryVerdict } from "../../src/operators/deliver-with-retry.js";
import { RateGate } from "../../src/operators/rate-gate.js";
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from "../../src/operators/retry-policy.js";
import { countingScheduler } from "./counting-scheduler.js";

const OK: AttemptOutcome = { kind: "ok" };
const E503: AttemptOutcome = { kind: "retry", error: "HTTP 503" };
const E404: AttemptOutcome = { kind: "permanent", error: "HTTP 404: Unknown Webhook (code 10015)", disableSink: true };
const rateLimited = (retryAfterMs?: number): AttemptOutcome =>
  retryAfterMs === undefined
    ? { kind: "retry", error: "HTTP 429", rateLimited: true }
    : { kind: "retry", error: "HTTP 429", rateLimited: true, retryAfterMs };

const START = 1_000_000;

/** An attempt function that plays `outcomes` in order (the last one repeats) and records call times. */
function scripted(outcomes: (AttemptOutcome | (() => Promise<AttemptOutcome>))[]) {
  const calls: number[] = [];
  const signals: AbortSignal[] = [];
  const attempt = (signal: AbortSignal): Promise<AttemptOutcome> => {
    calls.push(Date.now() - START);
    signals.push(signal);
    const next = outcomes[Math.min(calls.length - 1, outcomes.length - 1)];
    return typeof next === "function" ? next() : Promise.resolve(next);
  };
  return { attempt, calls, signals };
}

describe("deliverWithRetry", () => {
  let clock: sinon.SinonFakeTimers;
  beforeEach(() => {
    clock = sinon.useFakeTimers({ now: START, toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"] });
  });
  afterEach(() => clock.restore());

  /** Runs a delivery to its verdict in virtual time (no real sleeps). */
  async function run(promise: Promise<DeliveryVerdict>, maxMs = 60_000): Promise<DeliveryVerdict> {
    let verdict: DeliveryVerdict | undefined;
    void promise.then((v) => (verdict = v));
    for (let t = 0; t < maxMs && verdict === undefined; t += 10) await clock.tickAsync(10);
    if (verdict === undefined) throw new Error("no verdict in virtual time");
    return verdict;
  }

  it("503, 503, 503, ok -> 4 attempts and ok, each gap within its full-jitter bound", async () => {
    const { attempt, calls } = scripted([E503, E503, E503, OK]);
    const { scheduler, counts } = countingScheduler(asyncScheduler);
    const verdict = await run(deliverWithRetry(attempt, { policy: DEFAULT_RETRY_POLICY, gate: new RateGate(scheduler), scheduler }));
    expect(verdict).to.deep.equal({ ok: true, attempts: 4 });
    const gaps = calls.slice(1).map((t, i) => t - calls[i]);
    gaps.forEach((gap, k) => expect(gap, `gap ${k}`).to.be.within(0, 100 * 2 ** k + 10));
    expect(calls[3]).to.be.below(2000);
    expect(counts.live).to.equal(0);
  });

  it("waits exactly the backoff drawn from the injected random", async () => {
    const { attempt, calls } = scripted([E503, E503, E503, OK]);
    await run(deliverWithRetry(attempt, { policy: DEFAULT_RETRY_POLICY, gate: new RateGate(), random: () => 0.5 }));
    expect(calls).to.deep.equal([0, 50, 150, 350]);
  });

  it("404 -> exactly 1 attempt, permanent, disableSink", async () => {
    const { attempt, calls } = scripted([E404, OK]);
    const verdict = await run(deliverWithRetry(attempt, { policy: DEFAULT_RETRY_POLICY, gate: new RateGate() }));
    expect(verdict).to.deep.equal({
      ok: false,
      attempts: 1,
      error: "HTTP 404: Unknown Webhook (code 10015)",
      permanent: true,
      disableSink: true,
    });
    expect(calls).to.have.length(1);
  });

  it("a permanent outcome without disableSink stops at once and keeps the sink", async () => {
    const { attempt } = scripted([{ kind: "permanent", error: "HTTP 400: Invalid Form Body" }]);
    const verdict = await run(deliverWithRetry(attempt, { policy: DEFAULT_RETRY_POLICY, gate: new RateGate() }));
    expect(verdict).to.deep.equal({ ok: false, attempts: 1, error: "HTTP 400: Invalid Form Body", permanent: true, disableSink: false });
  });

  it("exhausted retries -> failed verdict with attempts = 1 + maxRetries", async () => {
    const { attempt, calls } = scripted([E503]);
    const verdict = await run(deliverWithRetry(attempt, { policy: DEFAULT_RETRY_POLICY, gate: new RateGate() }));
    expect(verdict).to.deep.equal({ ok: false, attempts: 4, error: "HTTP 503", permanent: false, disableSink: false });
    expect(calls).to.have.length(4);
  });

  it("maxRetries 0 -> exactly one attempt", async () => {
    const { attempt } = scripted([E503]);
    const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, maxRetries: 0 };
    const verdict = await run(deliverWithRetry(attempt, { policy, gate: new RateGate() }));
    expect(verdict).to.include({ ok: false, attempts: 1 });
  });

  it("429 with a 1000 ms hint: the next attempt is not made before 1000 ms", async () => {
    const { attempt, calls } = scripted([rateLimited(1000), OK]);
    const gate = new RateGate();
    const promise = deliverWithRetry(attempt, { policy: DEFAULT_RETRY_POLICY, gate, random: () => 0.99 });
    await clock.tickAsync(999);
    expect(calls).to.deep.equal([0]);
    expect(gate.isOpen()).to.equal(false);
    const verdict = await run(promise);
    expect(verdict).to.deep.equal({ ok: true, attempts: 2 });
    expect(calls).to.deep.equal([0, 1000]);
  });

  it("a 429 pauses every delivery of the sink, not only its own", async () => {
    const gate = new RateGate();
    const a = scripted([rateLimited(1000), OK]);
    const b = scripted([OK]);
    const first = deliverWithRetry(a.attempt, { policy: DEFAULT_RETRY_POLICY, gate });
    await clock.tickAsync(10);
    const second = deliverWithRetry(b.attempt, { policy: DEFAULT_RETRY_POLICY, gate });
    await clock.tickAsync(989);
    expect(b.calls).to.deep.equal([]);
    expect(await run(second)).to.deep.equal({ ok: true, attempts: 1 });
    expect(b.calls).to.deep.equal([1000]);
    expect(await run(first)).to.deep.equal({ ok: true, attempts: 2 });
  });

  it("429s do not consume maxRetries", async () => {
    const { attempt, calls } = scripted([rateLimited(200), rateLimited(200), rateLimited(200), E503, OK]);
    const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, maxRetries: 1 };
    const verdict = await run(deliverWithRetry(attempt, { policy, gate: new RateGate(), random: () => 0 }));
    expect(verdict).to.deep.equal({ ok: true, attempts: 5 });
    expect(calls.slice(0, 4)).to.deep.equal([0, 200, 400, 600]);
    expect(calls[4]).to.be.within(600, 601); // a 0 ms backoff is a 1 ms timer
  });

  it("429 without a hint waits a growing backoff on the gate", async () => {
    const { attempt, calls } = scripted([rateLimited(), rateLimited(), OK]);
    await run(deliverWithRetry(attempt, { policy: DEFAULT_RETRY_POLICY, gate: new RateGate(), random: () => 0.5 }));
    expect(calls).to.deep.equal([0, 50, 150]);
  });

  it("gives up after maxRateLimitWaits rate-limited outcomes", async () => {
    const { attempt, calls } = scripted([rateLimited(100)]);
    const verdict = await run(deliverWithRetry(attempt, { policy: DEFAULT_RETRY_POLICY, gate: new RateGate(), maxRateLimitWaits: 2 }));
    expect(verdict).to.deep.equal({
      ok: false,
      attempts: 3,
      error: "HTTP 429 (still rate limited after 2 waits)",
      permanent: false,
      disableSink: false,
    });
    expect(calls).to.deep.equal([0, 100, 200]);
  });

  it("defaults maxRateLimitWaits to 10", async () => {
    const { attempt, calls } = scripted([rateLimited(1)]);
    const verdict = await run(deliverWithRetry(attempt, { policy: DEFAULT_RETRY_POLICY, gate: new RateGate() }));
    expect(verdict).to.include({ ok: false, attempts: 11 });
    expect(calls).to.have.length(11);
  });

  it("a 5xx Retry-After longer than the backoff wins (max of hint and backoff)", async () => {
    const { attempt, calls } = scripted([{ kind: "retry", error: "HTTP 503", retryAfterMs: 1500 }, OK]);
    await run(deliverWithRetry(attempt, { policy: DEFAULT_RETRY_POLICY, gate: new RateGate(), random: () => 0.99 }));
    expect(calls).to.deep.equal([0, 1500]);
    const short = scripted([{ kind: "retry", error: "HTTP 503", retryAfterMs: 10 }, OK]);
    await run(deliverWithRetry(short.attempt, { policy: DEFAULT_RETRY_POLICY, gate: new RateGate(), random: () => 0.5 }));
    expect(short.calls.map((t) => t - short.calls[0])).to.deep.equal([0, 50]);
  });

  it("an attempt that throws or rejects is a retry, described safely", async () => {
    const { attempt, calls } = scripted([
      () => Promise.reject(new TypeError("socket hang up")),
      () => {
        throw "sync throw";
      },
      OK,
    ]);
    const verdict = await run(deliverWithRetry(attempt, { policy: DEFAULT_RETRY_POLICY, gate: new RateGate() }));
    expect(verdict).to.deep.equal({ ok: true, attempts: 3 });
    expect(calls).to.have.length(3);
    const failing = scripted([() => Promise.reject(new TypeError("socket hang up"))]);
    const failed = await run(deliverWithRetry(failing.attempt, { policy: DEFAULT_RETRY_POLICY, gate: new RateGate() }));
    expect(failed).to.deep.equal({ ok: false, attempts: 4, error: "TypeError: socket hang up", permanent: false, disableSink: false });
  });

  it("an attempt returning something that is not an outcome is a retry", async () => {
    const { attempt } = scripted([() => Promise.resolve(undefined as unknown as AttemptOutcome)]);
    const verdict = await run(deliverWithRetry(attempt, { policy: { ...DEFAULT_RETRY_POLICY, maxRetries: 0 }, gate: new RateGate() }));
    expect(verdict).to.deep.equal({
      ok: false,
      attempts: 1,
      error: "delivery returned an invalid outcome",
      permanent: false,
      disableSink: false,
    });
  });

  it("never rejects, even when its scheduler throws", async () => {
    const { attempt } = scripted([E503]);
    const broken = {
      now: () => Date.now(),
      schedule: () => {
        throw new Error("scheduler broke");
      },
    } as unknown as typeof asyncScheduler;
    const verdict = await run(deliverWithRetry(attempt, { policy: DEFAULT_RETRY_POLICY, gate: new RateGate(), scheduler: broken }));
    expect(verdict).to.deep.equal({
      ok: false,
      attempts: 1,
      error: "delivery loop failed: Error: scheduler broke",
      permanent: false,
      disableSink: false,
    });
  });

  describe("abort", () => {
    it("during a backoff wait -> failed 'aborted' at once, timer cancelled", async () => {
      const { attempt, calls } = scripted([E503]);
      const { scheduler, counts } = countingScheduler(asyncScheduler);
      const controller = new AbortController();
      const policy: RetryPolicy = { maxRetries: 3, baseDelayMs: 10_000, maxDelayMs: 10_000 };
      let verdict: DeliveryVerdict | undefined;
      void deliverWithRetry(attempt, { policy, gate: new RateGate(scheduler), scheduler, signal: controller.signal, random: () => 0.9 }).then(
        (v) => (verdict = v),
      );
      await clock.tickAsync(50);
      expect(calls).to.deep.equal([0]);
      expect(counts.live).to.equal(1);
      controller.abort(new Error("complete() deadline"));
      await clock.tickAsync(0);
      expect(verdict).to.deep.equal({
        ok: false,
        attempts: 1,
        error: "aborted: complete() deadline; last error: HTTP 503",
        permanent: false,
        disableSink: false,
      });
      expect(counts.live).to.equal(0);
      expect(clock.countTimers()).to.equal(0);
    });

    it("during a rate-limit pause -> failed 'aborted'", async () => {
      const { attempt, calls } = scripted([rateLimited(60_000), OK]);
      const controller = new AbortController();
      const promise = deliverWithRetry(attempt, { policy: DEFAULT_RETRY_POLICY, gate: new RateGate(), signal: controller.signal });
      await clock.tickAsync(1000);
      controller.abort("hard stop");
      const verdict = await run(promise);
      expect(verdict).to.deep.equal({
        ok: false,
        attempts: 1,
        error: "aborted: hard stop; last error: HTTP 429",
        permanent: false,
        disableSink: false,
      });
      expect(calls).to.deep.equal([0]);
      expect(clock.countTimers()).to.equal(0);
    });

    it("during an attempt that ignores its signal -> returns at once and aborts the attempt's signal", async () => {
      const { attempt, signals } = scripted([() => new Promise<AttemptOutcome>(() => {})]);
      const controller = new AbortController();
      let verdict: DeliveryVerdict | undefined;
      void deliverWithRetry(attempt, { policy: DEFAULT_RETRY_POLICY, gate: new RateGate(), signal: controller.signal }).then(
        (v) => (verdict = v),
      );
      await clock.tickAsync(5000);
      expect(verdict).to.equal(undefined);
      expect(signals[0].aborted).to.equal(false);
      controller.abort();
      await clock.tickAsync(0);
      expect(signals[0].aborted).to.equal(true);
      expect(verdict).to.deep.equal({
        ok: false,
        attempts: 1,
        error: "aborted: This operation was aborted",
        permanent: false,
        disableSink: false,
      });
    });

    it("ignores the result of an attempt that settles after the abort", async () => {
      let finish: (o: AttemptOutcome) => void = () => {};
      const { attempt } = scripted([() => new Promise<AttemptOutcome>((resolve) => (finish = resolve))]);
      const controller = new AbortController();
      const promise = deliverWithRetry(attempt, { policy: DEFAULT_RETRY_POLICY, gate: new RateGate(), signal: controller.signal });
      await clock.tickAsync(10);
      controller.abort("stop");
      finish(OK);
      expect(await run(promise)).to.include({ ok: false, attempts: 1, error: "aborted: stop" });
    });

    it("already aborted -> no attempt at all", async () => {
      const { attempt, calls } = scripted([OK]);
      const controller = new AbortController();
      controller.abort("too late");
      const verdict = await run(deliverWithRetry(attempt, { policy: DEFAULT_RETRY_POLICY, gate: new RateGate(), signal: controller.signal }));
      expect(verdict).to.deep.equal({ ok: false, attempts: 0, error: "aborted: too late", permanent: false, disableSink: false });
      expect(calls).to.deep.equal([]);
    });
  });
});
