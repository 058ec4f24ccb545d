import { describeThrown } from "../core/describe-thrown.js";
import { brokenBy, guardedWrite } from "../io/guarded-write.js";

const ignore = (): void => {};

/**
 * The user's warning handler, made safe to call from anywhere in flowlog: a handler that throws
 * costs that one warning (written to stderr instead), never the sink or caller that warned.
 */
export function safeWarning(onWarning: ((message: string) => void) | undefined): (message: string) => void {
  const toStderr = (message: string): void => {
    // stderr itself may be gone (EPIPE under `2>&1 | head`, closed, destroyed): the write is
    // guarded so its failure cannot crash the host, and once broken there is nowhere left to say it.
    if (brokenBy(process.stderr) === undefined) guardedWrite(process.stderr, `flowlog: ${message}\n`, ignore);
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
