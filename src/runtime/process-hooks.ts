import type { LogOptions } from "../core/record.js";
import type { CompleteOptions } from "./logger-core.js";

/** What the hooks need of a logger (the Logger class has it; this file does not import it). */
export interface HookedLogger {
  critical(msg: string, options?: LogOptions): void;
  complete(options?: CompleteOptions): Promise<unknown>;
}

/** The opt-in process hooks a logger may install; by default it installs none (pino #92). */
export interface ProcessHookOptions {
  /**
   * On SIGINT / SIGTERM: complete the logger (within `signalTimeoutMs`), then, if no other
   * listener handles that signal, re-raise it so the process ends the way Node would have
   * (status 130 / 143 as a shell sees it). With several such loggers, all of them complete
   * first and the signal is re-raised once.
   */
  readonly handleSignals?: boolean;
  /** Deadline of the completion a signal starts (default 5000 ms). */
  readonly signalTimeoutMs?: number;
  /**
   * Logs an uncaught exception or unhandled rejection as CRITICAL before the process dies.
   * Uses 'uncaughtExceptionMonitor', so Node's own behaviour (print, exit code 1) is unchanged;
   * the exit hook then writes the record synchronously.
   */
  readonly logUncaught?: boolean;
  /**
   * On 'beforeExit' (the event loop ran dry: the program ended without process.exit): complete
   * the logger, so alerts still waiting in a batch or coalescing window are sent before the
   * process ends, instead of going to the dead letter from the exit hook. The requests keep the
   * process alive until they finish (or the complete deadline passes). Records logged after
   * that are dropped as `after_complete`.
   */
  readonly completeOnBeforeExit?: boolean;
}

const SIGNALS = ["SIGINT", "SIGTERM"] as const;
type Signal = (typeof SIGNALS)[number];
const DEFAULT_SIGNAL_TIMEOUT_MS = 5000;

/*
 * One process listener per event for every logger in the process, added with the first logger
 * that asks and removed with the last (as the exit hook does): fifty loggers add one listener,
 * not fifty, and a signal completes all of them before it is re-raised once.
 */

/** Loggers whose uncaught errors are logged. */
const monitored = new Set<HookedLogger>();
/** Loggers completed on 'beforeExit'. */
const completedBeforeExit = new Set<HookedLogger>();
/** Loggers completed on a signal, with their deadline. */
const signalled = new Map<HookedLogger, number>();
/** The signal listeners installed now, one per signal. */
const signalListeners = new Map<Signal, () => void>();

function onUncaught(error: unknown, origin: string): void {
  const message = origin === "unhandledRejection" ? "unhandled promise rejection" : "uncaught exception";
  for (const logger of monitored) {
    try {
      logger.critical(message, { exc: error });
    } catch {
      // The process is already dying of `error`: one logger's trouble must not hide it.
    }
  }
}

function onBeforeExit(): void {
  const loggers = [...completedBeforeExit];
  completedBeforeExit.clear();
  process.removeListener("beforeExit", onBeforeExit);
  for (const logger of loggers) void logger.complete();
}

function onSignal(signal: Signal): void {
  const loggers = [...signalled];
  signalled.clear();
  // A second signal while completing is Node's again: it ends the process at once.
  removeSignalListeners();
  void Promise.all(loggers.map(([logger, timeoutMs]) => logger.complete({ timeoutMs }).catch(() => undefined))).then(() => {
    // Someone else listens too: the signal is theirs to act on. Otherwise end as Node would.
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  });
}

function addSignalListeners(): void {
  for (const signal of SIGNALS) {
    if (signalListeners.has(signal)) continue;
    const listener = (): void => onSignal(signal);
    signalListeners.set(signal, listener);
    process.on(signal, listener);
  }
}

function removeSignalListeners(): void {
  for (const [signal, listener] of signalListeners) process.removeListener(signal, listener);
  signalListeners.clear();
}

/** Installs the hooks asked for; returns the function that removes them. */
export function installProcessHooks(logger: HookedLogger, options: ProcessHookOptions): () => void {
  if (options.logUncaught) {
    if (monitored.size === 0) process.on("uncaughtExceptionMonitor", onUncaught);
    monitored.add(logger);
  }
  if (options.completeOnBeforeExit) {
    if (completedBeforeExit.size === 0) process.on("beforeExit", onBeforeExit);
    completedBeforeExit.add(logger);
  }
  if (options.handleSignals) {
    signalled.set(logger, options.signalTimeoutMs ?? DEFAULT_SIGNAL_TIMEOUT_MS);
    addSignalListeners();
  }
  return () => {
    if (monitored.delete(logger) && monitored.size === 0) process.removeListener("uncaughtExceptionMonitor", onUncaught);
    if (completedBeforeExit.delete(logger) && completedBeforeExit.size === 0) process.removeListener("beforeExit", onBeforeExit);
    if (signalled.delete(logger) && signalled.size === 0) removeSignalListeners();
  };
}
