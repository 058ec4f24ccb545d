/**
 * Resolves when `condition` holds, checking on each turn of the event loop (setImmediate), and
 * rejects after `timeoutMs`. For conditions that become true through I/O we do not own (a
 * server noticing a closed socket); never a fixed sleep.
 */
export async function waitUntil(condition: () => boolean | Promise<boolean>, timeoutMs = 2000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await condition())) {
    if (performance.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}
