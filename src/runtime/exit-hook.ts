/**
 * One process 'exit' listener for every live logger, installed with the first and removed with
 * the last, so a program that makes many loggers does not pile up listeners.
 *
 * On 'exit' only synchronous code runs. Each registered logger gets `onProcessExit()`, where
 * file sinks write what they buffer with fs.writeSync and remote sinks move what they hold to
 * the dead letter. This is how `process.exit()` right after logging loses nothing.
 */
export interface ExitParticipant {
  onProcessExit(): void;
}

const participants = new Set<ExitParticipant>();
let exiting = false;

function onExit(): void {
  exiting = true;
  for (const participant of [...participants]) {
    try {
      participant.onProcessExit();
    } catch {
      // Nothing can be reported on the way out; one logger's trouble must not stop the next.
    }
  }
}

export function registerForExit(participant: ExitParticipant): void {
  if (participants.size === 0) process.on("exit", onExit);
  participants.add(participant);
}

export function unregisterForExit(participant: ExitParticipant): void {
  if (!participants.delete(participant)) return;
  if (participants.size === 0) process.removeListener("exit", onExit);
}

/** True once the process has begun to exit: records must then be written at once, synchronously. */
export function processIsExiting(): boolean {
  return exiting;
}
