import { expect } from "chai";
import { map } from "rxjs";
import { Level, LEVEL_NAMES } from "../../src/core/levels.js";
import { LEVEL_METHODS, treeClass } from "../../src/runtime/level-methods.js";
import { LoggerCore } from "../../src/runtime/logger-core.js";
import type { Sink } from "../../src/sinks/sink.js";

/** A stand-in for Logger: level methods that say which level they are. */
class Base {
  static calls: string[] = [];
  constructor(readonly label: string) {}
}
for (const method of Object.keys(LEVEL_METHODS)) {
  Object.defineProperty(Base.prototype, method, {
    value(this: Base) {
      Base.calls.push(`${this.label}.${method}`);
    },
    writable: true,
    configurable: true,
  });
}
type Leveled = Base & Record<string, () => void>;

const sink = (name: string, minLevel: number): Sink => ({ name, minLevel, remote: false, connect: (records$) => records$.pipe(map(() => ({ kind: "delivered", count: 1 }) as const)) });

/** Calls every level method of each logger; returns which reached the base method. */
function callAll(...loggers: Leveled[]): string[] {
  Base.calls = [];
  for (const logger of loggers) for (const method of Object.keys(LEVEL_METHODS)) logger[method]();
  return Base.calls;
}

describe("runtime/level-methods", () => {
  let cores: LoggerCore[];
  beforeEach(() => (cores = []));
  afterEach(async () => {
    await Promise.all(cores.map((core) => core.complete()));
  });
  const makeCore = (): LoggerCore => {
    const core = new LoggerCore({ deadLetterPath: null, onWarning: () => undefined });
    cores.push(core);
    return core;
  };

  it("has one method per level, plus warn and fatal as aliases", () => {
    expect(LEVEL_METHODS).to.deep.equal({
      debug: 10,
      info: 20,
      audit: 25,
      webhook: 28,
      warning: 30,
      warn: 30,
      security: 35,
      error: 40,
      deploy: 45,
      critical: 50,
      fatal: 50,
    });
    for (const name of LEVEL_NAMES) expect(LEVEL_METHODS[name.toLowerCase()]).to.equal(Level[name]);
  });

  it("a method below the threshold does nothing; at or above it, it is the base's method", () => {
    const core = makeCore();
    core.addSink(sink("file", Level.ERROR));
    const Tree = treeClass(Base, core);
    const log = new Tree("root") as Leveled;
    expect(callAll(log)).to.deep.equal(["root.error", "root.deploy", "root.critical", "root.fatal"]);
    expect(log.error).to.equal(Base.prototype["error" as keyof Base]);
  });

  it("every instance of a tree follows each change, those made before it and after", () => {
    const core = makeCore();
    const Tree = treeClass(Base, core);
    const before = new Tree("before") as Leveled;
    expect(callAll(before), "no sink, no subscriber: nothing is made").to.deep.equal([]);

    core.addSink(sink("file", Level.WARNING));
    const after = new Tree("after") as Leveled;
    expect(callAll(before, after)).to.have.members([
      ...["warning", "warn", "security", "error", "deploy", "critical", "fatal"].map((m) => `before.${m}`),
      ...["warning", "warn", "security", "error", "deploy", "critical", "fatal"].map((m) => `after.${m}`),
    ]);

    core.setFloor(Level.CRITICAL);
    expect(callAll(before, after)).to.deep.equal(["before.critical", "before.fatal", "after.critical", "after.fatal"]);
    core.setFloor(Level.DEBUG);

    expect(core.setSinkLevel("file", Level.DEPLOY)).to.equal(true);
    expect(callAll(after)).to.deep.equal(["after.deploy", "after.critical", "after.fatal"]);

    const subscription = core.log$.subscribe();
    expect(callAll(before)).to.have.length(11);
    subscription.unsubscribe();
    expect(callAll(before)).to.deep.equal(["before.deploy", "before.critical", "before.fatal"]);
  });

  it("removing the last sink that wants a level turns its method off again", async () => {
    const core = makeCore();
    core.addSink(sink("file", Level.ERROR));
    core.addSink(sink("debug-file", Level.DEBUG));
    const log = new (treeClass(Base, core))("log") as Leveled;
    expect(callAll(log)).to.have.length(11);
    await core.removeSink("debug-file");
    expect(callAll(log)).to.deep.equal(["log.error", "log.deploy", "log.critical", "log.fatal"]);
  });

  it("one class per core: two trees switch apart, and share one no-op", () => {
    const quiet = makeCore();
    const loud = makeCore();
    loud.addSink(sink("file", Level.DEBUG));
    const QuietTree = treeClass(Base, quiet);
    const LoudTree = treeClass(Base, loud);
    expect(treeClass(Base, quiet)).to.equal(QuietTree);
    expect(LoudTree).to.not.equal(QuietTree);
    const a = new QuietTree("a") as Leveled;
    const b = new LoudTree("b") as Leveled;
    expect(callAll(a, b)).to.have.length(11);
    expect(callAll(a)).to.deep.equal([]);
    expect(new QuietTree("c").constructor).to.equal(QuietTree);
    expect((new QuietTree("d") as Leveled).debug).to.equal((new QuietTree("e") as Leveled).info);
  });

  it("the tree class is named and shaped like its base: an instance of it, methods not enumerable", () => {
    const core = makeCore();
    const Tree = treeClass(Base, core);
    const log = new Tree("log");
    expect(Tree.name).to.equal("Base");
    expect(log).to.be.instanceOf(Base);
    const keys: string[] = [];
    for (const key in log) keys.push(key);
    expect(keys).to.deep.equal(["label"]);
  });
});
