import { expect } from "chai";
import { Logger } from "../../src/index.js";
import { wantsColor } from "../../src/sinks/terminal.js";
import { CaptureStream } from "../helpers/capture-stream.js";
import { expectReportAddsUp } from "../helpers/invariant.js";
import { useTempDir } from "../helpers/temp-dir.js";

describe("TerminalSink", () => {
  const dir = useTempDir();

  function terminalLogger(terminal: Record<string, unknown>, env: Record<string, string> = {}, tty = false) {
    const stdout = new CaptureStream(tty);
    const stderr = new CaptureStream(tty);
    const log = new Logger("term", {
      cwd: dir(),
      env,
      terminalStreams: { stdout, stderr },
      config: { dead_letter: { enabled: false }, sinks: { terminal } },
    });
    return { log, stdout, stderr };
  }

  it("sends ERROR and above to stderr and the rest to stdout, in order", async () => {
    const { log, stdout, stderr } = terminalLogger({ colors: false });
    log.info("first");
    log.error("second");
    log.warning("third");
    log.critical("fourth");
    const report = await log.complete();
    expectReportAddsUp(report);
    expect(stdout.text).to.include("first").and.include("third").and.not.include("second");
    expect(stderr.text).to.include("second").and.include("fourth").and.not.include("first");
    expect(stdout.text.indexOf("first")).to.be.below(stdout.text.indexOf("third"));
    expect(report.sinks.terminal).to.include({ accepted: 4, delivered: 4 });
  });

  it("honours stderr_level", async () => {
    const { log, stdout, stderr } = terminalLogger({ colors: false, stderr_level: "WARNING" });
    log.warning("to stderr now");
    log.info("still stdout");
    await log.complete();
    expect(stderr.text).to.include("to stderr now");
    expect(stdout.text).to.include("still stdout");
  });

  it("respects min_level", async () => {
    const { log, stdout } = terminalLogger({ colors: false, min_level: "WARNING" });
    log.info("hidden");
    log.warning("shown");
    await log.complete();
    expect(stdout.text).to.include("shown").and.not.include("hidden");
  });

  it("shows control characters and ANSI sequences from user data escaped, never raw", async () => {
    const { log, stdout } = terminalLogger({ colors: true }, {}, true);
    log.info("clear\x1b[2J title\x1b]0;pwned\x07 up\x1b[1A c1\x9b bidi\u202e", { extra: { k: "\x1b[31mred" } });
    await log.complete();
    // Strip flowlog's own SGR colour codes: nothing escape-like may remain.
    const withoutOwnColours = stdout.text.replace(/\x1b\[[0-9;]*m/g, "");
    expect(withoutOwnColours).not.to.match(/[\x1b\x07\x9b\u202e]/);
    expect(stdout.text).to.include("\\x1b[2J");
  });

  it("uses colour only when asked or on a TTY, and never with NO_COLOR", async () => {
    const coloured = terminalLogger({ colors: true });
    coloured.log.info("x");
    await coloured.log.complete();
    expect(coloured.stdout.text).to.match(/\x1b\[/);

    const plain = terminalLogger({ colors: false }, {}, true);
    plain.log.info("x");
    await plain.log.complete();
    expect(plain.stdout.text).not.to.match(/\x1b/);
  });

  const colourTable: Array<[boolean | "auto", boolean, Record<string, string>, boolean]> = [
    ["auto", true, {}, true],
    ["auto", false, {}, false],
    ["auto", true, { NO_COLOR: "1" }, false],
    ["auto", false, { FORCE_COLOR: "1" }, true],
    ["auto", true, { FORCE_COLOR: "0" }, false],
    ["auto", false, { NO_COLOR: "1", FORCE_COLOR: "1" }, false],
    ["auto", true, { NO_COLOR: "" }, true],
    [true, false, { NO_COLOR: "1" }, true],
    [false, true, { FORCE_COLOR: "1" }, false],
  ];
  for (const [setting, tty, env, expected] of colourTable) {
    it(`colors=${String(setting)} tty=${tty} env=${JSON.stringify(env)} -> ${expected}`, () => {
      expect(wantsColor(setting, { isTTY: tty }, env)).to.equal(expected);
    });
  }
});
