import { describeThrown } from "../core/describe-thrown.js";

/**
 * The user's warning handler, made safe to call from anywhere in flowlog: a handler that throws
 * costs that one warning (written to stderr instead), never the sink or caller that warned.
 */
export function safeWarning(onWarning: ((message: string) => void) | undefined): (message: string) => void {
  const toStderr = (message: string): void => {
    try {
      process.stderr.write(`flowlog: ${message}\n`);
    } catch {
      // stderr itself is gone (EPIPE, closed): there is nowhere left to say it.
    }
  };
  if (onWarning === undefined) return toStderr;
  return (message) => {
    try {
      onWarning(message);
    } catch (thrown) {
      toStderr(`${message} (the onWarning handler threw: ${describeThrown(thrown)})`);
    }
  };
}
