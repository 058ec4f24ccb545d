/**
 * Writing to a stream flowlog does not own (process.stdout, process.stderr, a stream the user
 * passed) so that nothing about the write can take the host down.
 *
 * A Writable reports a failed write twice: to the write's callback, and as an 'error' event, on
 * a later tick. Nobody listens for 'error' on process.stdout, so `node app.js | head -1` ends
 * the app with an unhandled EPIPE. While a guarded write is pending (and one macrotask after
 * the last, since the event comes after the callback), the stream carries one 'error' listener,
 * which keeps the event from crashing the process and marks the stream broken; then the
 * listener is removed, so a host's own writes behave as before. A broken stream stays broken
 * (EPIPE, EBADF and a destroyed stream do not heal): callers check {@link brokenBy} and stop
 * writing to it, so there is one failure to report, not one a write.
 */

/** What flowlog knows about one stream it writes to. */
interface Guard {
  /** Guarded writes whose callback has not come yet. */
  pending: number;
  /** The first error seen on the stream; set for good. */
  broken: Error | undefined;
  readonly onError: (error: Error) => void;
  /** Removes the listener one macrotask after the last pending write settled. */
  release: ReturnType<typeof setImmediate> | undefined;
}

const guards = new WeakMap<NodeJS.WritableStream, Guard>();

function guardOf(stream: NodeJS.WritableStream): Guard {
  let guard = guards.get(stream);
  if (guard === undefined) {
    const created: Guard = {
      pending: 0,
      broken: undefined,
      onError: (error) => (created.broken ??= error),
      release: undefined,
    };
    guards.set(stream, (guard = created));
  }
  return guard;
}

/** Why writing to `stream` is pointless now (an error seen, or the stream destroyed), or undefined. */
export function brokenBy(stream: NodeJS.WritableStream): Error | undefined {
  const broken = guards.get(stream)?.broken;
  if (broken !== undefined) return broken;
  if ((stream as { destroyed?: boolean }).destroyed === true) {
    return Object.assign(new Error("the stream was destroyed"), { code: "ERR_STREAM_DESTROYED" });
  }
  return undefined;
}

/**
 * Writes `text`; `done` is called once, with the error when the write failed (synchronously for
 * a stream that throws, such as a file stdout whose descriptor was closed: EBADF). Returns
 * write()'s answer: false when the stream is full or the write failed. Never throws.
 */
export function guardedWrite(stream: NodeJS.WritableStream, text: string, done: (error: Error | undefined) => void): boolean {
  const guard = guardOf(stream);
  if (guard.pending++ === 0) {
    if (guard.release !== undefined) clearImmediate(guard.release);
    else stream.on("error", guard.onError);
    guard.release = undefined;
  }
  let settled = false;
  const settle = (error: Error | null | undefined): void => {
    if (settled) return;
    settled = true;
    if (error) guard.broken ??= error;
    if (--guard.pending === 0) {
      guard.release = setImmediate(() => {
        guard.release = undefined;
        stream.off("error", guard.onError);
      });
      guard.release.unref();
    }
    done(error ?? undefined);
  };
  try {
    return stream.write(text, settle);
  } catch (thrown) {
    settle(thrown instanceof Error ? thrown : new Error(String(thrown)));
    return false;
  }
}
