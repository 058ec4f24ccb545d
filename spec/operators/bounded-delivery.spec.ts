import { expect } from "chai";
import fc from "fast-check";
import { Observable, Subject, finalize, from, lastValueFrom, of, tap, toArray, type Subscription } from "rxjs";
import { TestScheduler } from "rxjs/testing";
import { FlowlogSinkError } from "../../src/core/errors.js";
import { LEVEL_NAMES, type LevelName } from "../../src/core/levels.js";
import { boundedDelivery, type BoundedDeliveryOptions, type DeliveryResult } from "../../src/sinks/record-operators.js";
import { UNDESCRIBABLE_ERROR } from "../../src/operators/delivery-outcome.js";
import { recordWeight, type LogRecord } from "../../src/core/record.js";
import type { DeliveryEvent } from "../../src/core/delivery.js";
import { flushableBatch } from "../../src/operators/flushable-batch.js";
import { countingScheduler } from "./counting-scheduler.js";
import { coalesced, ids, record } from "./test-records.js";

type Outcome = ReturnType<BoundedDeliveryOptions["deliver"]>;
type Batch = readonly LogRecord[];

const delivered = (count: number): DeliveryEvent => ({ kind: "delivered", count });
const dropped = (count: number): DeliveryEvent => ({ kind: "dropped", count, reason: "queue_full" });
const failed = (records: readonly LogRecord[], error: string): DeliveryEvent => ({ kind: "failed", records, error });
/** The failed event of a delivery its timeout cut: the text, and the code a timeout carries. */
const timedOut = (records: readonly LogRecord[], ms: number): DeliveryEvent => ({ kind: "failed", records, error: `timeout after ${ms} ms`, code: "ETIMEDOUT" });
/** INFO records with the given ids. */
const batch = (...idList: number[]): LogRecord[] => idList.map((id) => record(id));
const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => from + i);

/**
 * records in = delivered + dropped + failed (+ abandoned on a hard stop): asserted in every test.
 * Failed records count by weight, as delivered and dropped counts do (1 unless coalesced).
 */
function expectAccounted(recordsIn: number, events: readonly DeliveryEvent[], abandoned = 0): void {
  let sum = abandoned;
  for (const event of events) sum += event.kind === "failed" ? weight(event.records) : event.count;
  expect(sum, `records in (${recordsIn}) = delivered + dropped + failed + abandoned`).to.equal(recordsIn);
}

const weight = (records: readonly LogRecord[]): number => records.reduce((sum, r) => sum + recordWeight(r), 0);

/** Subscribes like a sink runner would and keeps everything that comes out. */
function run(source: Observable<Batch>, options: BoundedDeliveryOptions) {
  const result = { events: [] as DeliveryEvent[], completed: false, errored: false, abandoned: [] as number[][] };
  const subscription: Subscription = source
    .pipe(boundedDelivery({ onAbandon: (records) => result.abandoned.push(ids(records)), ...options }))
    .subscribe({
      next: (event) => result.events.push(event),
      error: () => (result.errored = true),
      complete: () => (result.completed = true),
    });
  return Object.assign(result, { subscription });
}

/**
 * A deliver whose first call waits for `release` (concurrency 1: everything else queues behind
 * it) and whose later calls settle at once; `calls` keeps `keep` of what each call got.
 */
function firstDeliveryHeld<C>(release: Subject<void>, keep: (records: LogRecord[]) => C) {
  const calls: C[] = [];
  const deliver = (records: LogRecord[]): Outcome => {
    calls.push(keep(records));
    return calls.length === 1 ? release : undefined;
  };
  return { calls, deliver };
}
const asGiven = (records: LogRecord[]): LogRecord[] => records;

/** Lets pending promise callbacks run (not a sleep: no timer decides the outcome). */
const settlePromises = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The 20 mixed-level records of the shedding scenario, ids 0..19. */
const MIXED: LevelName[] = [
  "DEBUG", "INFO", "ERROR", "DEBUG", "WARNING", "INFO", "CRITICAL", "DEBUG", "ERROR", "INFO",
  "WARNING", "DEBUG", "ERROR", "INFO", "SECURITY", "DEBUG", "WARNING", "ERROR", "INFO", "AUDIT",
];

describe("boundedDelivery", () => {
  let testScheduler: TestScheduler;

  beforeEach(() => {
    testScheduler = new TestScheduler((actual, expected) => {
      expect(actual).to.deep.equal(expected);
    });
  });

  describe("rxjs checklist", () => {
    it("should complete without delivering if the source is empty", () => {
      let calls = 0;
      testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
        const e1 = cold<Batch>(' |');
        const options = { maxQueue: 10, concurrency: 1, maxBatch: 10, deliver: () => void calls++ };
        expectObservable(e1.pipe(boundedDelivery(options))).toBe('|');
        expectSubscriptions(e1.subscriptions).toBe('(^!)');
      });
      expect(calls).to.equal(0);
    });

    it("should not complete if the source never completes", () => {
      testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
        const e1 = cold<Batch>(' -');
        expectObservable(e1.pipe(boundedDelivery({ maxQueue: 10, concurrency: 1, maxBatch: 10, deliver: () => {} }))).toBe('-');
        expectSubscriptions(e1.subscriptions).toBe('^');
      });
    });

    it("should pass on the error if the source throws, so the sink runner sees the crash", () => {
      testScheduler.run(({ cold, expectObservable }) => {
        const e1 = cold<Batch>('#');
        expectObservable(e1.pipe(boundedDelivery({ maxQueue: 10, concurrency: 1, maxBatch: 10, deliver: () => {} }))).toBe('#');
      });
    });

    it("should drain what is queued and in flight, then error, when the source errors", () => {
      const events: DeliveryEvent[] = [];
      testScheduler.run(({ cold, expectObservable }) => {
        const e1 = cold<Batch>('a#', { a: batch(0, 1, 2) });
        const deliver = () => cold<void>('---|');
        const result = e1.pipe(boundedDelivery({ maxQueue: 10, concurrency: 1, maxBatch: 1, deliver }), tap((e) => events.push(e)));
        expectObservable(result).toBe('---x--x--(x#)', { x: delivered(1) });
      });
      expectAccounted(3, events);
    });

    it("should wait for in-flight deliveries before completing when the source completes", () => {
      const events: DeliveryEvent[] = [];
      testScheduler.run(({ cold, expectObservable }) => {
        const e1 = cold<Batch>('a|', { a: batch(0, 1, 2) });
        const deliver = () => cold<void>('---|');
        const result = e1.pipe(boundedDelivery({ maxQueue: 10, concurrency: 1, maxBatch: 1, deliver }), tap((e) => events.push(e)));
        expectObservable(result).toBe('---x--x--(x|)', { x: delivered(1) });
      });
      expectAccounted(3, events);
    });

    it("should allow unsubscribing early and explicitly, aborting and abandoning what is pending", () => {
      const signals: AbortSignal[] = [];
      const deliveries: { subscriptions: { subscribedFrame: number; unsubscribedFrame: number }[] }[] = [];
      const abandoned: number[][] = [];
      testScheduler.run(({ cold, hot, expectObservable, expectSubscriptions }) => {
        const e1 = hot<Batch>('a------', { a: batch(0, 1, 2, 3, 4) });
        const e1subs = '       ^----!  ';
        const unsub = '        -----!  ';
        const deliver = (_: LogRecord[], signal: AbortSignal) => {
          signals.push(signal);
          const never = cold<void>('-');
          deliveries.push(never);
          return never;
        };
        const onAbandon = (records: LogRecord[]) => abandoned.push(ids(records));
        const result = e1.pipe(boundedDelivery({ maxQueue: 10, concurrency: 2, maxBatch: 2, deliver, onAbandon }));
        expectObservable(result, unsub).toBe('-');
        expectSubscriptions(e1.subscriptions).toBe(e1subs);
      });
      expect(abandoned).to.deep.equal([[0, 1, 2, 3, 4]]);
      expect(signals.map((s) => [s.aborted, (s.reason as DOMException).name])).to.deep.equal([
        [true, "AbortError"],
        [true, "AbortError"],
      ]);
      expect(deliveries.map((d) => d.subscriptions.map((s) => [s.subscribedFrame, s.unsubscribedFrame]))).to.deep.equal([
        [[0, 5]],
        [[0, 5]],
      ]);
      expectAccounted(5, [], 5);
    });
  });

  describe("pump", () => {
    it("keeps at most `concurrency` deliveries in flight and starts the next as soon as one settles", () => {
      const calls: [number, number[]][] = [];
      const events: DeliveryEvent[] = [];
      let inFlight = 0;
      let maxInFlight = 0;
      testScheduler.run(({ cold, expectObservable }) => {
        const deliver = (records: LogRecord[]) => {
          calls.push([testScheduler.now(), ids(records)]);
          maxInFlight = Math.max(maxInFlight, ++inFlight);
          return cold<void>('-----|').pipe(finalize(() => inFlight--));
        };
        const e1 = cold<Batch>('a|', { a: batch(...range(0, 12)) });
        const result = e1.pipe(boundedDelivery({ maxQueue: 100, concurrency: 2, maxBatch: 2, deliver }), tap((e) => events.push(e)));
        expectObservable(result).toBe('-----(dd)-(dd)-(dd|)', { d: delivered(2) });
      });
      expect(maxInFlight).to.equal(2);
      expect(calls).to.deep.equal([
        [0, [0, 1]], [0, [2, 3]], [5, [4, 5]], [5, [6, 7]], [10, [8, 9]], [10, [10, 11]],
      ]);
      expectAccounted(12, events);
    });

    it("delivers records FIFO across incoming batches, at most maxBatch per call", () => {
      const calls: [number, number[]][] = [];
      const events: DeliveryEvent[] = [];
      testScheduler.run(({ cold, expectObservable }) => {
        const deliver = (records: LogRecord[]) => {
          calls.push([testScheduler.now(), ids(records)]);
          return cold<void>('-----|');
        };
        const e1 = cold<Batch>('abc|', { a: batch(0, 1, 2), b: batch(3), c: batch(4, 5) });
        const result = e1.pipe(boundedDelivery({ maxQueue: 100, concurrency: 1, maxBatch: 2, deliver }), tap((e) => events.push(e)));
        expectObservable(result).toBe('-----x----x----(x|)', { x: delivered(2) });
      });
      expect(calls).to.deep.equal([[0, [0, 1]], [5, [2, 3]], [10, [4, 5]]]);
      expectAccounted(6, events);
    });

    it("does not recurse when deliveries settle synchronously (100,000 one-record calls)", () => {
      const records = range(0, 100_000).map((id) => record(id));
      let calls = 0;
      const r = run(of(records), { maxQueue: 100_000, concurrency: 1, maxBatch: 1, deliver: () => void calls++ });
      expect(calls).to.equal(100_000);
      expect(r.events).to.have.length(100_000);
      expect(r.events.every((e) => e.kind === "delivered" && e.count === 1)).to.equal(true);
      expect(r.completed).to.equal(true);
      expectAccounted(100_000, r.events);
    });

    it("with launchScheduler, no delivery starts inside the call that queued the records: one task starts them, and is released", () => {
      const source = new Subject<Batch>();
      const calls: number[][] = [];
      const { scheduler, counts } = countingScheduler(testScheduler);
      const r = run(source, { maxQueue: 100, concurrency: 1, maxBatch: 2, launchScheduler: scheduler, deliver: (records) => void calls.push(ids(records)) });
      source.next(batch(0, 1, 2));
      source.next(batch(3));
      expect(calls, "nothing started on the caller's stack").to.deep.equal([]);
      expect(counts).to.deep.equal({ scheduled: 1, live: 1 });
      testScheduler.flush();
      expect(calls).to.deep.equal([[0, 1], [2, 3]]);
      expect(counts, "the task that ran is released").to.deep.equal({ scheduled: 1, live: 0 });
      source.complete();
      expect(r.completed).to.equal(true);
      expectAccounted(4, r.events);
    });

    it("with launchScheduler, a full queue with a free slot still starts a delivery at once (the bound); a settled one starts the next at once", () => {
      const source = new Subject<Batch>();
      const release = new Subject<void>();
      const { calls, deliver } = firstDeliveryHeld(release, ids);
      const r = run(source, { maxQueue: 3, concurrency: 1, maxBatch: 2, launchScheduler: testScheduler, deliver });
      source.next(batch(0, 1, 2, 3, 4));
      expect(calls, "the fourth record found the queue full and a slot free").to.deep.equal([[0, 1]]);
      release.complete();
      expect(calls).to.deep.equal([[0, 1], [2, 3], [4]]);
      source.complete();
      expect(r.completed).to.equal(true);
      expect(r.events.filter((event) => event.kind === "dropped")).to.deep.equal([]);
      expectAccounted(5, r.events);
    });

    it("a batch that finds nothing waiting and a slot free is one delivery of exactly its records; one that finds a delivery in flight waits its turn", () => {
      const source = new Subject<Batch>();
      const release = new Subject<void>();
      const { calls, deliver } = firstDeliveryHeld(release, asGiven);
      const r = run(source, { maxQueue: 100, concurrency: 1, maxBatch: 3, deliver });
      const first = batch(0, 1, 2);
      source.next(first);
      expect(calls).to.have.length(1);
      expect(calls[0]).to.deep.equal(first);
      expect(calls[0]).to.not.equal(first); // its own array
      expect(calls[0].every((record, i) => record === first[i])).to.equal(true); // the same records
      source.next(batch(3, 4));
      source.next(batch(5));
      expect(calls).to.have.length(1);
      release.complete();
      expect(calls.map(ids)).to.deep.equal([[0, 1, 2], [3, 4, 5]]);
      source.complete();
      expect(r.completed).to.equal(true);
      expectAccounted(6, r.events);
    });

    it("gives deliver its own array: a deliver that empties it cannot lose records", () => {
      const r = run(of(batch(0, 1, 2)), {
        maxQueue: 10,
        concurrency: 1,
        maxBatch: 10,
        deliver: (records) => {
          records.length = 0;
          throw new Error("emptied");
        },
      });
      expect(r.events).to.deep.equal([failed(batch(0, 1, 2), "Error: emptied")]);
      expectAccounted(3, r.events);
    });

    // The batch that finds a slot free is delivered from the very array its source emitted: these
    // fail if that array (or the one deliver got) changed under a delivery in flight.
    for (const handOff of [false, true]) {
      it(`a batch from flushableBatch${handOff ? " (with hand-off)" : ""} stays as it was while it is delivered: later records, a flush and more full batches change neither deliver's array nor the failed event's records`, () => {
        const scheduler = new TestScheduler(() => {});
        const records = new Subject<LogRecord>();
        const flush$ = new Subject<void>();
        const release = new Subject<void>();
        const { calls, deliver } = firstDeliveryHeld(release, asGiven);
        const batches = records.pipe(
          flushableBatch<LogRecord>({ timeMs: 60_000, maxCount: 3, flush$, scheduler, handOff: handOff ? { maxWaiting: 100, helpCount: 2, scheduler } : undefined }),
        );
        const r = run(batches, { maxQueue: 100, concurrency: 1, maxBatch: 3, deliver });
        for (const id of [0, 1, 2]) records.next(record(id));
        scheduler.flush(); // the hand-off, when there is one
        expect(calls.map(ids)).to.deep.equal([[0, 1, 2]]);
        for (const id of [3, 4]) records.next(record(id));
        flush$.next();
        for (const id of [5, 6, 7, 8]) records.next(record(id));
        scheduler.flush();
        expect(calls.map(ids), "one delivery in flight, the rest waits").to.deep.equal([[0, 1, 2]]);
        release.error(new Error("down"));
        records.complete();
        scheduler.flush();
        expect(calls.map(ids)).to.deep.equal([[0, 1, 2], [3, 4, 5], [6, 7], [8]]);
        expect(r.events).to.deep.equal([failed(batch(0, 1, 2), "Error: down"), delivered(3), delivered(2), delivered(1)]);
        expect(r.completed).to.equal(true);
        expectAccounted(9, r.events);
      });
    }
  });

  describe("bounded queue", () => {
    /** concurrency 1 with a first delivery that waits for `release`: the queue alone holds the rest. */
    function blockedRun(maxQueue: number, maxBatch = 2) {
      const source = new Subject<Batch>();
      const release = new Subject<void>();
      const { calls, deliver } = firstDeliveryHeld(release, ids);
      const r = run(source, { maxQueue, concurrency: 1, maxBatch, deliver });
      source.next([record(100, "INFO")]);
      return Object.assign(r, { source, release, calls });
    }

    it("sheds exactly the lowest-level, newest records, and delivers the rest in arrival order", () => {
      const r = blockedRun(5);
      r.source.next(MIXED.map((level, id) => record(id, level)));
      expect(r.events).to.deep.equal([dropped(15)]);

      r.release.complete();
      expect(r.calls).to.deep.equal([[100], [2, 6], [8, 12], [17]]);
      expect(r.events).to.deep.equal([dropped(15), delivered(1), delivered(2), delivered(2), delivered(1)]);
      r.source.complete();
      expect(r.completed).to.equal(true);
      expectAccounted(21, r.events);
    });

    it("keeps the same records when they arrive one batch each, with one dropped event per batch", () => {
      const r = blockedRun(5);
      MIXED.forEach((level, id) => r.source.next([record(id, level)]));
      r.release.complete();
      expect(r.calls).to.deep.equal([[100], [2, 6], [8, 12], [17]]);
      expect(r.events.filter((e) => e.kind === "dropped")).to.deep.equal(Array.from({ length: 15 }, () => dropped(1)));
      r.source.complete();
      expectAccounted(21, r.events);
    });

    it("drops no ERROR record while lower levels are queued", () => {
      const r = blockedRun(10);
      const lower: LevelName[] = ["DEBUG", "INFO", "WARNING"];
      const records = range(0, 300).map((id) => record(id, id % 30 === 29 ? "ERROR" : lower[id % 3]));
      r.source.next(records);
      r.subscription.unsubscribe();
      expect(r.abandoned).to.deep.equal([[100, ...range(0, 300).filter((id) => id % 30 === 29)]]);
      expect(r.events).to.deep.equal([dropped(290)]);
      expectAccounted(301, r.events, 11);
    });

    it("keeps the oldest ERRORs when ERRORs alone exceed the queue", () => {
      const r = blockedRun(3);
      r.source.next([record(0, "DEBUG"), ...range(1, 7).map((id) => record(id, "ERROR")), record(7, "CRITICAL")]);
      r.subscription.unsubscribe();
      // DEBUG 0 makes room for ERROR 3; ERRORs 4-6 are the newest among equals; CRITICAL 7 displaces ERROR 3.
      expect(r.abandoned).to.deep.equal([[100, 1, 2, 7]]);
      expect(r.events).to.deep.equal([dropped(5)]);
      expectAccounted(9, r.events, 4);
    });

    it("sends instead of shedding while a delivery slot is free", () => {
      const r = run(of(batch(0, 1, 2, 3, 4)), { maxQueue: 2, concurrency: 1, maxBatch: 2, deliver: () => new Promise<void>(() => {}) });
      r.subscription.unsubscribe();
      // 0 and 1 fill the queue; 2 finds the slot free and sends [0, 1]; 4 finds both full: shed.
      expect(r.abandoned).to.deep.equal([[0, 1, 2, 3]]);
      expect(r.events).to.deep.equal([dropped(1)]);
      expectAccounted(5, r.events, 4);
    });

    it("matches a naive reference model of the shedding policy (property)", () => {
      fc.assert(
        fc.property(
          fc.array(fc.constantFrom(...LEVEL_NAMES), { maxLength: 120 }),
          fc.integer({ min: 1, max: 12 }),
          fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 20 }),
          (levels, cap, sizes) => {
            const r = blockedRun(cap);
            const records = levels.map((level, id) => record(id, level));
            for (let start = 0, k = 0; start < records.length; k++) {
              const size = sizes[k % sizes.length];
              r.source.next(records.slice(start, start + size));
              start += size;
            }
            r.subscription.unsubscribe();
            const model = referenceShedding(records, cap);
            expect(r.abandoned).to.deep.equal([[100, ...model.kept]]);
            expect(r.events.reduce((sum, e) => sum + (e.kind === "dropped" ? e.count : 0), 0)).to.equal(model.dropped);
            expectAccounted(records.length + 1, r.events, model.kept.length + 1);
          },
        ),
        { numRuns: 300 },
      );
    });

    it("sheds 1,000,000 records against a never-settling delivery and keeps exactly the highest levels", function () {
      this.timeout(10_000);
      const source = new Subject<Batch>();
      const r = run(source, { maxQueue: 10_000, concurrency: 4, maxBatch: 50, deliver: () => new Promise<void>(() => {}) });
      for (let start = 0; start < 1_000_000; start += 1_000) {
        source.next(range(start, start + 1_000).map((id) => record(id, LEVEL_NAMES[id % 9])));
      }
      r.subscription.unsubscribe();

      const droppedCount = r.events.reduce((sum, e) => sum + (e.kind === "dropped" ? e.count : 0), 0);
      expect(droppedCount).to.equal(1_000_000 - 10_000 - 50 * 4);
      expect(r.events.every((e) => e.kind === "dropped")).to.equal(true);
      // In flight: the first 200 records. Queued: the oldest 10,000 CRITICAL (id % 9 === 8) after them.
      const expectedQueued = Array.from({ length: 10_000 }, (_, k) => 206 + 9 * k);
      expect(r.abandoned).to.have.length(1);
      expect(r.abandoned[0].slice(0, 200)).to.deep.equal(range(0, 200));
      expect(r.abandoned[0].slice(200)).to.deep.equal(expectedQueued);
      expectAccounted(1_000_000, r.events, r.abandoned[0].length);
    });
  });

  describe("outcomes", () => {
    it("turns a synchronous throw into a failed event and still delivers the next batch", () => {
      let calls = 0;
      const deliver = (): Outcome => {
        if (++calls === 1) throw new Error("boom");
      };
      const r = run(from([batch(0, 1), batch(2)]), { maxQueue: 10, concurrency: 1, maxBatch: 2, deliver });
      expect(r.events).to.deep.equal([failed(batch(0, 1), "Error: boom"), delivered(1)]);
      expect(r.completed).to.equal(true);
      expect(r.errored).to.equal(false);
      expectAccounted(3, r.events);
    });

    it("turns a rejection into a failed event and still delivers the next batch", async () => {
      let calls = 0;
      const deliver = (): Outcome => (++calls === 1 ? Promise.reject(new TypeError("nope")) : Promise.resolve());
      const events = await lastValueFrom(
        from([batch(0), batch(1)]).pipe(boundedDelivery({ maxQueue: 10, concurrency: 1, maxBatch: 1, deliver }), toArray()),
      );
      expect(events).to.deep.equal([failed(batch(0), "TypeError: nope"), delivered(1)]);
      expectAccounted(2, events);
    });

    it("turns an Observable error into a failed event and still delivers the next batch", () => {
      const events: DeliveryEvent[] = [];
      testScheduler.run(({ cold, expectObservable }) => {
        let calls = 0;
        const deliver = () => (++calls === 1 ? cold<void>('--#', undefined, new RangeError("obs")) : cold<void>('--|'));
        const e1 = cold<Batch>('a|', { a: batch(0, 1) });
        const result = e1.pipe(boundedDelivery({ maxQueue: 10, concurrency: 1, maxBatch: 1, deliver }), tap((e) => events.push(e)));
        expectObservable(result).toBe('--f-(d|)', { f: failed(batch(0), "RangeError: obs"), d: delivered(1) });
      });
      expectAccounted(2, events);
    });

    for (const kind of ["Observable", "Promise"] as const) {
      it(`aborts and fails a delivery (${kind}) still pending after deliverTimeoutMs, then delivers the next`, () => {
        const signals: AbortSignal[] = [];
        const events: DeliveryEvent[] = [];
        const { scheduler, counts } = countingScheduler(testScheduler);
        testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
          const never = cold<void>('-');
          const deliver = (_: LogRecord[], signal: AbortSignal): Outcome => {
            signals.push(signal);
            if (signals.length > 1) return cold<void>('--|');
            return kind === "Observable" ? never : new Promise<void>(() => {});
          };
          const e1 = cold<Batch>('a|', { a: batch(0, 1) });
          const options = { maxQueue: 10, concurrency: 1, maxBatch: 1, deliver, deliverTimeoutMs: 10, scheduler };
          const result = e1.pipe(boundedDelivery(options), tap((e) => events.push(e)));
          expectObservable(result).toBe('10ms f-(d|)', { f: timedOut(batch(0), 10), d: delivered(1) });
          expectSubscriptions(never.subscriptions).toBe(kind === "Observable" ? '^ 9ms !' : []);
        });
        expect(signals[0].aborted).to.equal(true);
        expect((signals[0].reason as DOMException).name).to.equal("TimeoutError");
        expect((signals[0].reason as DOMException).message).to.equal("timeout after 10 ms");
        expect(signals[1].aborted).to.equal(false);
        expect(counts).to.deep.equal({ scheduled: 2, live: 0 });
        expectAccounted(2, events);
      });
    }

    it("ignores a delivery that settles after its timeout", async () => {
      let resolve!: (value: DeliveryResult) => void;
      const source = new Subject<Batch>();
      const deliver = () => new Promise<DeliveryResult>((r) => (resolve = r));
      const r = run(source, { maxQueue: 10, concurrency: 1, maxBatch: 10, deliver, deliverTimeoutMs: 50, scheduler: testScheduler });
      source.next(batch(0));
      testScheduler.flush();
      expect(r.events).to.deep.equal([timedOut(batch(0), 50)]);
      resolve({ failed: batch(0), error: "late" });
      await settlePromises();
      source.complete();
      expect(r.events).to.deep.equal([timedOut(batch(0), 50)]);
      expect(r.completed).to.equal(true);
      expectAccounted(1, r.events);
    });

    it("schedules no timeout for a synchronous delivery", () => {
      const { scheduler, counts } = countingScheduler(testScheduler);
      const r = run(of(batch(0)), { maxQueue: 10, concurrency: 1, maxBatch: 10, deliver: () => {}, deliverTimeoutMs: 10, scheduler });
      expect(r.events).to.deep.equal([delivered(1)]);
      expect(counts).to.deep.equal({ scheduled: 0, live: 0 });
    });

    it("reports a DeliveryResult's failed records, and the rest as delivered", () => {
      const cases: [DeliveryResult | undefined, DeliveryEvent[]][] = [
        [{ failed: [record(1)], error: "HTTP 400" }, [failed([record(1)], "HTTP 400"), delivered(2)]],
        [{ failed: batch(0, 1, 2), error: "HTTP 401" }, [failed(batch(0, 1, 2), "HTTP 401")]],
        [{ failed: [record(2)] }, [failed([record(2)], "1 of 3 records failed"), delivered(2)]],
        [{ failed: [] }, [delivered(3)]],
        [{ error: "ignored without failed records" }, [delivered(3)]],
        [undefined, [delivered(3)]],
      ];
      for (const [result, expected] of cases) {
        const r = run(of(batch(0, 1, 2)), { maxQueue: 10, concurrency: 1, maxBatch: 10, deliver: () => result });
        expect(r.events, JSON.stringify(result)).to.deep.equal(expected);
        expectAccounted(3, r.events);
      }
    });

    it("counts an Observable delivery's last value at completion", () => {
      testScheduler.run(({ cold, expectObservable }) => {
        const partly: DeliveryResult = { failed: [record(0)], error: "first" };
        const values = { p: partly, v: undefined };
        const lastOk = () => cold<DeliveryResult | void>('p-v|', values);
        const lastFailed = () => cold<DeliveryResult | void>('v-p|', values);
        const options = { maxQueue: 10, concurrency: 1, maxBatch: 10 };
        expectObservable(cold<Batch>('a|', { a: batch(0, 1) }).pipe(boundedDelivery({ ...options, deliver: lastOk }))).toBe('---(d|)', {
          d: delivered(2),
        });
        expectObservable(cold<Batch>('a|', { a: batch(0, 1) }).pipe(boundedDelivery({ ...options, deliver: lastFailed }))).toBe('---(fd|)', {
          f: failed([record(0)], "first"),
          d: delivered(1),
        });
      });
    });

    it("describes thrown values with describeError, and never lets it throw", () => {
      const describe = (err: unknown) => `scrubbed ${(err as Error).name}`;
      const cases: [((err: unknown) => string) | undefined, unknown, string][] = [
        [undefined, new Error("at https://discord.com/api/webhooks/1/secret"), "Error: at https://discord.com/api/webhooks/1/secret"],
        [undefined, "boom", "thrown string: boom"],
        [describe, new Error("at https://discord.com/api/webhooks/1/secret"), "scrubbed Error"],
        [() => { throw new Error("describer broke"); }, new Error("secret"), UNDESCRIBABLE_ERROR],
      ];
      for (const [describeError, thrown, text] of cases) {
        const deliver = () => { throw thrown; };
        const r = run(of(batch(0)), { maxQueue: 10, concurrency: 1, maxBatch: 10, deliver, describeError });
        expect(r.events).to.deep.equal([failed(batch(0), text)]);
      }
    });
  });

  describe("coalesced records", () => {
    it("counts delivered and dropped records by weight, and queue limits by record", () => {
      const source = new Subject<Batch>();
      const results: (DeliveryResult | undefined)[] = [];
      const release = new Subject<DeliveryResult | void>();
      let calls = 0;
      const deliver = (): Outcome => (++calls === 1 ? release : results.shift());
      const r = run(source, { maxQueue: 2, concurrency: 1, maxBatch: 2, deliver });
      source.next([coalesced(0, 10)]);
      // Queue of 2 records: INFO 2 (weight 3) is shed for the CRITICAL; then DEBUG 4 (weight 7) goes.
      source.next([coalesced(1, 100, "ERROR"), coalesced(2, 3, "INFO"), coalesced(3, 5, "CRITICAL"), coalesced(4, 7, "DEBUG")]);
      expect(r.events).to.deep.equal([dropped(10)]);
      results.push({ failed: [coalesced(1, 100, "ERROR")], error: "HTTP 500" });
      release.complete();
      expect(r.events).to.deep.equal([dropped(10), delivered(10), failed([coalesced(1, 100, "ERROR")], "HTTP 500"), delivered(5)]);
      source.complete();
      expect(r.completed).to.equal(true);
      expectAccounted(10 + 100 + 3 + 5 + 7, r.events);
    });
  });

  describe("hard stop", () => {
    it("abandons in-flight then queued records, oldest first across levels, and emits nothing for them", () => {
      const source = new Subject<Batch>();
      const r = run(source, { maxQueue: 10, concurrency: 2, maxBatch: 1, deliver: () => new Promise<void>(() => {}) });
      source.next([record(0, "INFO"), record(1, "ERROR")]);
      source.next([record(2, "DEBUG"), record(3, "ERROR"), record(4, "DEBUG"), record(5, "INFO")]);
      r.subscription.unsubscribe();
      expect(r.abandoned).to.deep.equal([[0, 1, 2, 3, 4, 5]]);
      expect(r.events).to.deep.equal([]);
      expectAccounted(6, r.events, 6);
    });

    it("ignores deliveries that settle after the hard stop", async () => {
      const settles: { resolve: () => void; reject: (err: unknown) => void }[] = [];
      const deliver = () => new Promise<void>((resolve, reject) => settles.push({ resolve, reject }));
      const r = run(of(batch(0), batch(1)), { maxQueue: 10, concurrency: 2, maxBatch: 1, deliver });
      r.subscription.unsubscribe();
      settles[0].resolve();
      settles[1].reject(new Error("late"));
      await settlePromises();
      expect(r.events).to.deep.equal([]);
      expect(r.abandoned).to.deep.equal([[0, 1]]);
      expectAccounted(2, r.events, 2);
    });

    it("releases the timeout timers of abandoned deliveries", () => {
      const { scheduler, counts } = countingScheduler(testScheduler);
      const r = run(of(batch(0, 1, 2)), { maxQueue: 10, concurrency: 3, maxBatch: 1, deliver: () => new Promise<void>(() => {}), deliverTimeoutMs: 1_000, scheduler });
      expect(counts).to.deep.equal({ scheduled: 3, live: 3 });
      r.subscription.unsubscribe();
      expect(counts).to.deep.equal({ scheduled: 3, live: 0 });
    });

    it("does not call onAbandon after a graceful end, nor when nothing is pending", () => {
      const graceful = run(of(batch(0)), { maxQueue: 10, concurrency: 1, maxBatch: 1, deliver: () => {} });
      graceful.subscription.unsubscribe();
      expect(graceful.completed).to.equal(true);
      expect(graceful.abandoned).to.deep.equal([]);

      const idle = run(new Subject<Batch>(), { maxQueue: 10, concurrency: 1, maxBatch: 1, deliver: () => {} });
      idle.subscription.unsubscribe();
      expect(idle.abandoned).to.deep.equal([]);
    });

    it("keeps unsubscribe from throwing when onAbandon throws", () => {
      const subscription = of(batch(0))
        .pipe(boundedDelivery({ maxQueue: 10, concurrency: 1, maxBatch: 1, deliver: () => new Promise<void>(() => {}), onAbandon: () => { throw new Error("disk full"); } }))
        .subscribe();
      expect(() => subscription.unsubscribe()).not.to.throw();
    });
  });

  describe("any element type (levelOf and weightOf given, as mergeMap is given concurrency)", () => {
    interface Job {
      readonly name: string;
      readonly priority: number;
      readonly size: number;
    }
    const job = (name: string, priority: number, size = 1): Job => ({ name, priority, size });

    it("sheds by levelOf, counts by weightOf, and hands the same objects to deliver and to the failed event", () => {
      const source = new Subject<readonly Job[]>();
      const release = new Subject<void>();
      const delivered: string[][] = [];
      const events: DeliveryEvent<Job>[] = [];
      source
        .pipe(
          boundedDelivery<Job>({
            maxQueue: 2,
            concurrency: 1,
            maxBatch: 10,
            levelOf: (item) => item.priority,
            weightOf: (item) => item.size,
            deliver: (items) => {
              delivered.push(items.map((item) => item.name));
              if (delivered.length === 1) return release;
              return { failed: items.filter((item) => item.name === "b"), error: "b refused" };
            },
          }),
        )
        .subscribe((event) => events.push(event));
      source.next([job("first", 1)]);
      source.next([job("low", 1, 5), job("b", 3, 2), job("high", 9, 4)]);
      expect(events).to.deep.equal([{ kind: "dropped", count: 5, reason: "queue_full" }]);
      release.complete();
      expect(delivered).to.deep.equal([["first"], ["b", "high"]]);
      expect(events.slice(1)).to.deep.equal([
        { kind: "delivered", count: 1 },
        { kind: "failed", records: [job("b", 3, 2)], error: "b refused" },
        { kind: "delivered", count: 4 },
      ]);
      source.complete();
    });
  });

  describe("options", () => {
    const valid = { maxQueue: 1, concurrency: 1, maxBatch: 1, deliver: () => {} };

    it("rejects counts that are not integers >= 1 or Infinity", () => {
      for (const name of ["maxQueue", "concurrency", "maxBatch"] as const) {
        for (const value of [0, 2.5, Number.NaN]) {
          expect(() => boundedDelivery({ ...valid, [name]: value }), `${name} ${value}`).to.throw(
            FlowlogSinkError,
            `boundedDelivery: ${name} must be an integer >= 1 or Infinity, got ${value}`,
          );
        }
        expect(() => boundedDelivery({ ...valid, [name]: Infinity })).not.to.throw();
      }
    });

    it("rejects a timeout that is not a finite number > 0", () => {
      for (const deliverTimeoutMs of [0, -5, Infinity]) {
        expect(() => boundedDelivery({ ...valid, deliverTimeoutMs })).to.throw(
          FlowlogSinkError,
          `boundedDelivery: deliverTimeoutMs must be a finite number > 0, got ${deliverTimeoutMs}`,
        );
      }
    });
  });
});

/** The shedding rule done the slow, obvious way: what survives a queue of `cap`, and how many go. */
function referenceShedding(records: readonly LogRecord[], cap: number): { kept: number[]; dropped: number } {
  const queue: LogRecord[] = [];
  let droppedCount = 0;
  for (const newcomer of records) {
    if (queue.length < cap) {
      queue.push(newcomer);
      continue;
    }
    droppedCount++;
    const candidates = [...queue, newcomer];
    const lowest = Math.min(...candidates.map((r) => r.levelno));
    const victim = candidates.map((r) => r.levelno).lastIndexOf(lowest);
    if (victim < queue.length) {
      queue.splice(victim, 1);
      queue.push(newcomer);
    }
  }
  return { kept: ids(queue), dropped: droppedCount };
}
