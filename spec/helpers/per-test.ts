/**
 * A resource made before each test of the enclosing `describe` and released after it, with both
 * hooks registered here: the one life cycle behind {@link useServer} and `useTempDir`. Returns a
 * getter, as the resource is new for every test.
 *
 * Mocha runs a suite's hooks of one kind in the order they were registered: call this before any
 * beforeEach that uses the resource, and after any afterEach that must still find it.
 */
export function perTest<R>(what: string, make: () => R | Promise<R>, release: (resource: R) => void | Promise<void>): () => R {
  let current: { readonly resource: R } | undefined;
  beforeEach(async () => {
    current = { resource: await make() };
  });
  afterEach(async () => {
    const held = current;
    current = undefined;
    if (held !== undefined) await release(held.resource);
  });
  return () => {
    if (current === undefined) throw new Error(`${what} exists only while a test (or its hooks) runs`);
    return current.resource;
  };
}

/**
 * A loopback server started before each test and closed after it (every socket with it):
 * `const discord = useServer(() => FakeDiscord.start());`, then `discord().webhookUrl()`.
 */
export function useServer<S extends { close(): void | Promise<void> }>(start: () => Promise<S>): () => S {
  return perTest("the server", start, (server) => server.close());
}
