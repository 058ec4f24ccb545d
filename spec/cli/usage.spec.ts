import { expect } from "chai";
import { EXIT, parseCommandLine, UsageError } from "../../src/cli/usage.js";

describe("cli/usage: what every subcommand shares", () => {
  it("the exit codes the README lists: 0 clean, 1 problems found, 2 usage error", () => {
    expect(EXIT).to.deep.equal({ OK: 0, PROBLEMS: 1, USAGE: 2 });
    expect(Object.isFrozen(EXIT)).to.equal(true);
  });

  it("parses options strictly", () => {
    const { values, positionals } = parseCommandLine({ args: ["--format", "json", "app.log"], options: { format: { type: "string" } }, allowPositionals: true });
    expect(values).to.deep.equal({ format: "json" });
    expect(positionals).to.deep.equal(["app.log"]);
  });

  it("an unknown option or a missing value is a UsageError in Node's own words", () => {
    expect(() => parseCommandLine({ args: ["--colour"], options: { format: { type: "string" } } })).to.throw(UsageError, /Unknown option '--colour'/);
    expect(() => parseCommandLine({ args: ["--format"], options: { format: { type: "string" } } })).to.throw(UsageError, /--format/);
  });

  it("a mistake in the configuration of the parser itself is not dressed up as a usage error", () => {
    const broken = { args: [], options: { format: { type: "float" } } } as unknown as Parameters<typeof parseCommandLine>[0];
    expect(() => parseCommandLine(broken)).to.throw().that.is.not.instanceOf(UsageError);
  });
});
