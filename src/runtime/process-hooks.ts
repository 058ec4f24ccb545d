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
   * (status 130 / 143 as a shell sees it).
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

/** Installs the hooks asked for; returns the function that removes them. */
export function installProcessHooks(logger: HookedLogger, options: ProcessHookOptions): () => void {
  const removers: Array<() => void> = [];
  if (options.logUncaught) {
    const monitor = (error: unknown, origin: string): void => {
      logger.critical(origin === "unhandledRejection" ? "unhandled promise rejection" : "uncaught exception", { exc: error });
    };
    process.on("uncaughtExceptionMonitor", monitor);
    removers.push(() => process.removeListener("uncaughtExceptionMonitor", monitor));
  }
  if (options.completeOnBeforeExit) {
    const onBeforeExit = (): void => {
      process.removeListener("beforeExit", onBeforeExit);
      void logger.complete();
    };
    process.on("beforeExit", onBeforeExit);
    removers.push(() => process.removeListener("beforeExit", onBeforeExit));
  }
  if (options.handleSignals) {
    for (const signal of SIGNALS) {
      const onSignal = (): void => {
        process.removeListener(signal, onSignal);
        void logger.complete({ timeoutMs: options.signalTimeoutMs ?? 5000 }).then(() => {
          // Someone else listens too: the signal is theirs to act on. Otherwise end as Node would.
          if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
        });
      };
      process.on(signal, onSignal);
      removers.push(() => process.removeListener(signal, onSignal));
    }
  }
  return () => {
    for (const remove of removers.splice(0)) remove();
  };
}
