import { spawn } from "node:child_process";

/**
 * Runs a fixture (`node --import tsx fixture ...args`), waits until it prints "ready", sends it
 * `signal`, and resolves with how it ended. Rejects, with its stderr, if it ends before "ready".
 */
export async function signalWhenReady(
  fixture: string,
  args: readonly string[],
  signal: NodeJS.Signals,
): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  const child = spawn(process.execPath, ["--import", "tsx", fixture, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk) => (stderr += chunk));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (chunk) => String(chunk).includes("ready") && resolve());
    child.once("exit", () => reject(new Error(`exited before ready: ${stderr}`)));
  });
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, how) => resolve({ code, signal: how })),
  );
  child.kill(signal);
  return ended;
}
