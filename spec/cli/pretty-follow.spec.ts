// `flowlog pretty --follow` as `tail -F`: a real file appended, rotated (renamed and recreated)
// and truncated while the installed command reads it. Every step waits for the line to show.
import { expect } from "chai";
import type { ChildProcessWithoutNullStreams } from "node:child_process";
import { once } from "node:events";
import * as fs from "node:fs";
import * as path from "node:path";
import { installedCli, type InstalledCli } from "../helpers/installed-cli.js";
import { useTempDir } from "../helpers/temp-dir.js";
import { waitUntil } from "../helpers/wait-until.js";

/** Bound of each wait: the command polls every 250 ms, the machine may be busy. */
const SHOWN_WITHIN_MS = 20_000;

function line(msg: string, logger = "app"): string {
  return `${JSON.stringify({ time: "2026-11-24T09:12:54.123Z", level: "INFO", levelno: 20, logger, msg })}\n`;
}

describe("cli: flowlog pretty --follow", function () {
  this.timeout(120_000);
  let cli: InstalledCli;
  let child: ChildProcessWithoutNullStreams | undefined;
  let stdout = "";
  let stderr = "";

  before(async function () {
    this.timeout(300_000);
    cli = await installedCli();
  });
  afterEach(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill("SIGKILL");
      await once(child, "close");
    }
    child = undefined;
  });
  const dir = useTempDir("flowlog-follow-");
  beforeEach(() => {
    stdout = "";
    stderr = "";
  });

  function follow(...files: string[]): ChildProcessWithoutNullStreams {
    // The installed bin itself, not npx: the test stops it with a signal.
    const started = cli.start(["pretty", "--follow", ...files], { direct: true });
    started.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    started.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    started.stdin.end();
    child = started;
    return started;
  }

  const shown = (text: string) => waitUntil(() => stdout.includes(text), SHOWN_WITHIN_MS);

  it("shows what is there, then each line appended, across rotation and truncation, each once", async () => {
    const file = path.join(dir(), "app.ndjson");
    fs.writeFileSync(file, line("one"));
    const running = follow(file);
    await shown("app  one\n");

    fs.appendFileSync(file, line("two"));
    await shown("app  two\n");

    // A line split over two writes is shown once it is whole.
    fs.appendFileSync(file, line("three").slice(0, 20));
    fs.appendFileSync(file, line("three").slice(20));
    await shown("app  three\n");

    // Rotation: the writer adds to the old file, which is renamed away, then a new file appears.
    fs.appendFileSync(file, line("four, last of the old file"));
    fs.renameSync(file, `${file}.1`);
    fs.appendFileSync(`${file}.1`, line("five, written after the rename"));
    fs.writeFileSync(file, line("six, first of the new file"));
    await shown("app  six, first of the new file\n");
    expect(stdout).to.include("app  five, written after the rename\n");
    expect(stderr).to.include("replaced (rotated); following the new file");

    fs.appendFileSync(file, line("seven"));
    await shown("app  seven\n");

    // copytruncate: the file is emptied in place and written again from the start.
    fs.truncateSync(file, 0);
    fs.appendFileSync(file, line("8"));
    await shown("app  8\n");
    expect(stderr).to.include("truncated; reading from its start");

    running.kill("SIGTERM");
    const [code] = (await once(running, "close")) as [number | null];
    expect(code, stderr).to.equal(0);
    const messages = stdout.trimEnd().split("\n").map((text) => text.replace(/^\S+ INFO +app {2}/, ""));
    expect(messages).to.deep.equal([
      "one", "two", "three", "four, last of the old file", "five, written after the rename",
      "six, first of the new file", "seven", "8",
    ]);
  });

  it("waits for a file that does not exist yet, and follows two files at once", async () => {
    const a = path.join(dir(), "a.ndjson");
    const b = path.join(dir(), "b.ndjson");
    fs.writeFileSync(a, line("from a", "a"));
    follow(a, b);
    await shown("a  from a\n");
    await waitUntil(() => stderr.includes("b.ndjson: not found; waiting for it to appear"), SHOWN_WITHIN_MS);
    fs.writeFileSync(b, line("from b", "b"));
    await shown("b  from b\n");
    fs.appendFileSync(a, line("a again", "a"));
    await shown("a  a again\n");
  });
});
