import * as path from "node:path";
import type { Observable, SchedulerLike } from "rxjs";
import { Level, toLevelNumber, type LevelLike, type LevelName } from "./core/levels.js";
import type { LogOptions, LogRecord } from "./core/record.js";
import { loadConfig, maskConfig, type FlowlogConfigInput, type MaskedFlowlogConfig } from "./config/index.js";
import { LoggerCore, MAX_REENTRANT_DEPTH, type CompleteOptions } from "./runtime/logger-core.js";
import { runWithContext, withCurrentContext } from "./runtime/context.js";
import { errorFirstOptions } from "./runtime/error-first.js";
import { baseBindings } from "./runtime/base-fields.js";
import { copySerializers, type Serializers } from "./runtime/serializers.js";
import type { Serializer } from "./serialize/std-serializers.js";
import { makeRecord, unloggableRecord } from "./runtime/make-record.js";
import { treeClass } from "./runtime/level-methods.js";
import { safeWarning } from "./runtime/safe-warning.js";
import { compileRedactor, type Redactor } from "./redact/redactor.js";
import { installProcessHooks, type ProcessHookOptions } from "./runtime/process-hooks.js";
import type { DeliveryReport, SinkReport } from "./runtime/sink-report.js";
import { FlowlogSinkError } from "./core/errors.js";
import { FunctionSink, type FunctionSinkOptions } from "./sinks/function-sink.js";
import { sinksFromConfig } from "./sinks/from-config.js";
import type { Sink, SinkFunction } from "./sinks/sink.js";
import type { TerminalStreams } from "./sinks/terminal.js";

export interface LoggerOptions extends ProcessHookOptions {
  /**
   * The code layer of the configuration: highest priority, same schema as flowlog.yaml, every
   * key optional. Typed from the codecs, so a misspelled key or an unknown level does not compile.
   */
  readonly config?: FlowlogConfigInput;
  /** Directory searched for flowlog.yaml / .json and .env, and base of relative paths (default process.cwd()). */
  readonly cwd?: string;
  /** Environment read for FLOWLOG_* variables (default process.env; never modified). */
  readonly env?: Record<string, string | undefined>;
  /** Unknown configuration keys become errors instead of warnings. */
  readonly strict?: boolean;
  /** Time source for batching, retries and deadlines (tests pass a TestScheduler). */
  readonly scheduler?: SchedulerLike;
  /** Record timestamps, epoch ms (default Date.now). */
  readonly clock?: () => number;
  /** Streams of the configured terminal sink (default process.stdout / process.stderr). */
  readonly terminalStreams?: TerminalStreams;
  /** Where flowlog's own warnings go (default: a line on stderr). */
  readonly onWarning?: (message: string) => void;
  /**
   * Keys whose values never reach a sink: `"password"` (at any depth, any case),
   * `"headers.authorization"` (a path from the top of `extra`), `"*.token"` (`*`: any one key).
   * When set, secret-shaped values (bearer tokens, bot tokens, webhook URLs, URL credentials)
   * are also masked in the message, `extra` and `exc`. The walk runs in the log call.
   */
  readonly redact?: readonly string[];
  /**
   * A function per key of `extra`, applied in the log call to that key's value (after child
   * bindings and context are merged in, before redaction), like pino's serializers. Node's
   * IncomingMessage, ServerResponse and Errors are summarised by default wherever they appear
   * in `extra` (see `stdSerializers`); a serializer here replaces that for its key.
   */
  readonly serializers?: Readonly<Record<string, Serializer>>;
  /**
   * Opt-in fields on every record, under `extra` (like pino's `base`): `pid: true` adds
   * `process.pid`, `hostname: true` adds `os.hostname()`, both read once, here.
   */
  readonly base?: { readonly pid?: boolean; readonly hostname?: boolean };
}

/**
 * The error of an error-first call: anything thrown (an Error, `unknown` from a catch block, an
 * object) except a string, which would be taken as the message: `log.error("a", "b")` does not
 * compile rather than drop "b".
 */
export type Thrown<E> = E & ([E] extends [string] ? never : unknown);

/** Lets child() build a logger around an existing core without a public constructor overload. */
const internal = Symbol("flowlog.internal");
interface ChildSeed {
  readonly core: LoggerCore;
  readonly bindings: Readonly<Record<string, unknown>>;
  readonly config: MaskedFlowlogConfig;
  readonly redactor: Redactor | undefined;
  readonly serializers: Serializers | undefined;
  readonly tree: typeof Logger;
}

/**
 * The logger: nine level methods, a record stream, sinks, and a graceful way out.
 *
 * A call below every sink's threshold is a call to an empty function and allocates nothing
 * (runtime/level-methods.ts swaps the level methods of a logger tree as its threshold moves); above
 * it, one frozen record is pushed into the subject and every sink takes it from there, off the
 * caller's stack. No sink can throw into the caller.
 */
export class Logger implements AsyncDisposable {
  readonly name: string;
  /**
   * The effective configuration, secrets masked: every key, its value after all layers. An
   * enabled sink's section has its required keys (`if (log.config.sinks.discord.enabled)`).
   */
  readonly config: MaskedFlowlogConfig;
  readonly #core: LoggerCore;
  readonly #bindings: Readonly<Record<string, unknown>> | undefined;
  readonly #redactor: Redactor | undefined;
  readonly #serializers: Serializers | undefined;
  /** The class of this logger's tree (see runtime/level-methods.ts): children are made from it. */
  readonly #tree: typeof Logger;

  constructor(name?: string, options: LoggerOptions & { readonly [internal]?: ChildSeed } = {}) {
    const seed = options[internal];
    if (seed) {
      this.name = name ?? "flowlog";
      this.#core = seed.core;
      this.#bindings = seed.bindings;
      this.config = seed.config;
      this.#redactor = seed.redactor;
      this.#serializers = seed.serializers;
      this.#tree = seed.tree;
      return;
    }
    this.#redactor = compileRedactor(options.redact);
    this.#serializers = copySerializers(options.serializers);
    const cwd = options.cwd ?? process.cwd();
    const env = options.env ?? process.env;
    // Every problem of every layer at once, warnings included, in one FlowlogConfigError.
    const loaded = loadConfig({ cwd, env, code: options.config, strict: options.strict });
    const warn = safeWarning(options.onWarning);
    for (const warning of loaded.warnings) warn(warning);
    const { config } = loaded;
    // One rule for the name: logger_name from any layer (file, .env, FLOWLOG_LOGGER_NAME, code
    // config), else the name given here, else "flowlog"; log.config shows the same name.
    this.name = config.logger_name ?? name ?? "flowlog";
    this.config = { ...maskConfig(config), logger_name: this.name };
    this.#bindings = baseBindings(options.base);
    const sinks = sinksFromConfig(config, { cwd, env, terminalStreams: options.terminalStreams });
    this.#core = new LoggerCore({
      scheduler: options.scheduler,
      clock: options.clock,
      deadLetterPath: config.dead_letter.enabled ? path.resolve(cwd, config.dead_letter.path) : null,
      onWarning: warn,
    });
    for (const sink of sinks) this.#core.addSink(sink);
    // The root joins its tree's class (children are made from it): level methods below the
    // threshold are no-ops from here on. A subclass of Logger keeps its own prototype and the
    // compare inside each method.
    this.#tree = treeClass(Logger, this.#core);
    if (new.target === Logger) Object.setPrototypeOf(this, this.#tree.prototype);
    if (options.handleSignals || options.logUncaught || options.completeOnBeforeExit) {
      const remove = installProcessHooks(this, options);
      void this.#core.completion.then(remove);
    }
  }

  /*
   * Every level method takes a message first (`log.error("msg", { extra, exc })`) or, as in
   * pino, the error first (`log.error(err)`, `log.error(err, "msg", { extra })`): the error
   * becomes the record's `exc` (type, message, stack, fields, cause chain) and its message the
   * record's message unless one is given. Below the threshold a logger of a tree calls a no-op
   * instead (runtime/level-methods.ts); the compare here serves calls that come another way.
   */
  debug(msg: string, options?: LogOptions): void;
  debug<E>(err: Thrown<E>, msg?: string, options?: LogOptions): void;
  debug(first: unknown, second?: string | LogOptions, third?: LogOptions): void {
    if (Level.DEBUG >= this.#core.threshold) this.#emit("DEBUG", Level.DEBUG, first, second, third);
  }
  info(msg: string, options?: LogOptions): void;
  info<E>(err: Thrown<E>, msg?: string, options?: LogOptions): void;
  info(first: unknown, second?: string | LogOptions, third?: LogOptions): void {
    if (Level.INFO >= this.#core.threshold) this.#emit("INFO", Level.INFO, first, second, third);
  }
  audit(msg: string, options?: LogOptions): void;
  audit<E>(err: Thrown<E>, msg?: string, options?: LogOptions): void;
  audit(first: unknown, second?: string | LogOptions, third?: LogOptions): void {
    if (Level.AUDIT >= this.#core.threshold) this.#emit("AUDIT", Level.AUDIT, first, second, third);
  }
  webhook(msg: string, options?: LogOptions): void;
  webhook<E>(err: Thrown<E>, msg?: string, options?: LogOptions): void;
  webhook(first: unknown, second?: string | LogOptions, third?: LogOptions): void {
    if (Level.WEBHOOK >= this.#core.threshold) this.#emit("WEBHOOK", Level.WEBHOOK, first, second, third);
  }
  warning(msg: string, options?: LogOptions): void;
  warning<E>(err: Thrown<E>, msg?: string, options?: LogOptions): void;
  warning(first: unknown, second?: string | LogOptions, third?: LogOptions): void {
    if (Level.WARNING >= this.#core.threshold) this.#emit("WARNING", Level.WARNING, first, second, third);
  }
  /** Alias of warning() (pino, winston). */
  warn(msg: string, options?: LogOptions): void;
  warn<E>(err: Thrown<E>, msg?: string, options?: LogOptions): void;
  warn(first: unknown, second?: string | LogOptions, third?: LogOptions): void {
    if (Level.WARNING >= this.#core.threshold) this.#emit("WARNING", Level.WARNING, first, second, third);
  }
  security(msg: string, options?: LogOptions): void;
  security<E>(err: Thrown<E>, msg?: string, options?: LogOptions): void;
  security(first: unknown, second?: string | LogOptions, third?: LogOptions): void {
    if (Level.SECURITY >= this.#core.threshold) this.#emit("SECURITY", Level.SECURITY, first, second, third);
  }
  error(msg: string, options?: LogOptions): void;
  error<E>(err: Thrown<E>, msg?: string, options?: LogOptions): void;
  error(first: unknown, second?: string | LogOptions, third?: LogOptions): void {
    if (Level.ERROR >= this.#core.threshold) this.#emit("ERROR", Level.ERROR, first, second, third);
  }
  deploy(msg: string, options?: LogOptions): void;
  deploy<E>(err: Thrown<E>, msg?: string, options?: LogOptions): void;
  deploy(first: unknown, second?: string | LogOptions, third?: LogOptions): void {
    if (Level.DEPLOY >= this.#core.threshold) this.#emit("DEPLOY", Level.DEPLOY, first, second, third);
  }
  critical(msg: string, options?: LogOptions): void;
  critical<E>(err: Thrown<E>, msg?: string, options?: LogOptions): void;
  critical(first: unknown, second?: string | LogOptions, third?: LogOptions): void {
    if (Level.CRITICAL >= this.#core.threshold) this.#emit("CRITICAL", Level.CRITICAL, first, second, third);
  }
  /** Alias of critical() (pino's fatal). */
  fatal(msg: string, options?: LogOptions): void;
  fatal<E>(err: Thrown<E>, msg?: string, options?: LogOptions): void;
  fatal(first: unknown, second?: string | LogOptions, third?: LogOptions): void {
    if (Level.CRITICAL >= this.#core.threshold) this.#emit("CRITICAL", Level.CRITICAL, first, second, third);
  }

  /**
   * Logs at a level given by name or alias (any case), number or `Level` member, message first
   * or error first like the level methods; an unknown level throws UnknownLevelError.
   */
  log(level: LevelLike, msg: string, options?: LogOptions): void;
  log<E>(level: LevelLike, err: Thrown<E>, msg?: string, options?: LogOptions): void;
  log(level: LevelLike, first: unknown, second?: string | LogOptions, third?: LogOptions): void {
    const levelno = toLevelNumber(level);
    if (levelno >= this.#core.threshold) this.#emit(LEVEL_NAME_OF[levelno], levelno, first, second, third);
  }

  /**
   * A floor for this logger, its parent and its children (they share one threshold): records
   * below `level` are not made at all, whatever a sink's own `min_level` says; above it, each
   * sink still applies its own. `setLevel("DEBUG")` removes the floor. Throws
   * UnknownLevelError for an unknown level.
   */
  setLevel(level: LevelLike): void {
    this.#core.setFloor(toLevelNumber(level));
  }

  /**
   * Changes the level one sink takes records at (by name: `"discord"`, `"file_json"`, or
   * the name given to addSink), from the next record on. The sink's `minLevel` property keeps
   * the level it was built with. Throws FlowlogSinkError when no sink has that name.
   */
  setSinkLevel(name: string, level: LevelLike): void {
    const levelno = toLevelNumber(level);
    if (!this.#core.setSinkLevel(name, levelno)) {
      throw new FlowlogSinkError(`setSinkLevel: no sink named "${name}" is attached (attached: ${this.sinks.map((sink) => sink.name).join(", ") || "none"})`);
    }
  }

  /**
   * True when a record at `level` would be made: some sink takes it, or `log$` has a
   * subscriber, and it is not below setLevel's floor. For work worth skipping:
   * `if (log.isLevelEnabled("debug")) log.debug(expensiveDump())`.
   */
  isLevelEnabled(level: LevelLike): boolean {
    return toLevelNumber(level) >= this.#core.threshold;
  }

  /** Every record, as it is made (read-only). While subscribed, every level is made. */
  get log$(): Observable<LogRecord> {
    return this.#core.log$;
  }

  /** A logger sharing these sinks whose records carry `bindings` merged under their `extra`. */
  child(bindings: Record<string, unknown>): Logger {
    const merged = Object.freeze({ ...this.#bindings, ...bindings });
    const seed: ChildSeed = { core: this.#core, bindings: merged, config: this.config, redactor: this.#redactor, serializers: this.#serializers, tree: this.#tree };
    return new this.#tree(this.name, { [internal]: seed });
  }

  /**
   * Runs `fn` with `bindings` as the context: every record made inside it, across awaits and
   * timers and from any logger, carries them under `extra` (a child's bindings and the call's own
   * `extra` win on a clash; a nested withContext adds to the outer one). Returns what `fn`
   * returns. Kept in an AsyncLocalStorage created on first use: nothing is paid before.
   */
  withContext<R>(bindings: Record<string, unknown>, fn: () => R): R {
    return runWithContext(bindings, fn);
  }

  /** Attaches a sink (or an RxJS pipeline function) and returns it, for removeSink. */
  addSink(sink: Sink | SinkFunction, options?: FunctionSinkOptions): Sink {
    const resolved = typeof sink === "function" ? new FunctionSink(sink, options) : sink;
    return this.#core.addSink(resolved);
  }

  /** Drains the sink (what it holds is written), then detaches it; resolves with its report. */
  removeSink(sink: Sink | string, options?: CompleteOptions): Promise<SinkReport | undefined> {
    return this.#core.removeSink(sink, options);
  }

  /** The sinks attached now. */
  get sinks(): readonly Sink[] {
    return this.#core.sinks();
  }

  /**
   * Completes the record stream and waits for every sink to write or deliver what it holds,
   * up to `timeoutMs` (default 10 s); resolves with the delivery report. Never rejects.
   * Shared by the logger and all its children: completing one completes them all.
   */
  complete(options?: CompleteOptions): Promise<DeliveryReport> {
    return this.#core.complete(options);
  }

  /** Alias of complete(), for code that calls it shutdown. */
  shutdown(options?: CompleteOptions): Promise<DeliveryReport> {
    return this.#core.complete(options);
  }

  /** The counters as they stand now, without completing. */
  report(): DeliveryReport {
    return this.#core.report();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.#core.complete();
  }

  #emit(level: LevelName, levelno: number, first: unknown, second: unknown, third: LogOptions | undefined): void {
    // A serializer, getter or toJSON that logs while this record is made would recurse until the
    // stack overflows (and the record with it): bounded like logging from a subscriber.
    if (recordsInMaking >= MAX_REENTRANT_DEPTH) {
      this.#core.countReentrant(levelno);
      return;
    }
    recordsInMaking++;
    let record: LogRecord;
    try {
      // Message first: passed on as given, nothing allocated besides the record.
      const errorFirst = typeof first !== "string";
      const msg = errorFirst && typeof second === "string" ? second : first;
      const options = errorFirst ? errorFirstOptions(first, typeof second === "string" ? third : second) : (second as LogOptions | undefined);
      const bindings = withCurrentContext(this.#bindings);
      record = makeRecord(timeNow(this.#core.clock), level, levelno, this.name, msg, options, bindings, this.#redactor, this.#serializers);
    } catch (thrown) {
      // Whatever the arguments are (a revoked Proxy, traps that throw), the caller gets no throw
      // and the record is not lost: it is logged with a placeholder saying what went wrong.
      record = unloggableRecord(level, levelno, this.name, thrown);
    } finally {
      recordsInMaking--;
    }
    this.#core.publish(record);
  }
}

/** Log calls making a record now, across every logger (a getter may log to another logger). */
let recordsInMaking = 0;

/** The clock's time; Date.now() when a custom clock throws or returns something else, so the record keeps its message. */
function timeNow(clock: () => number): number {
  try {
    const time = clock();
    return typeof time === "number" ? time : Date.now();
  } catch {
    return Date.now();
  }
}

const LEVEL_NAME_OF: Record<number, LevelName> = Object.fromEntries(
  Object.entries(Level).map(([name, levelno]) => [levelno, name as LevelName]),
);
