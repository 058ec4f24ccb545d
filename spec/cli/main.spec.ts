import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { installedCli, type CliResult } from "../helpers/installed-cli.js";

const repository = path.resolve(import.meta.dirname, "..", "..");

describe("cli/main: picks the subcommand, prints help, turns errors into exit codes", () => {
  let runs: Record<string, CliResult>;
  before(async function () {
    this.timeout(300_000);
    const cli = await installedCli();
    // The installed bin itself (no npx shell in between), started together.
    const lines: Record<string, string[]> = {
      none: [],
      help: ["--help"],
      helpTopic: ["help", "stats"],
      version: ["--version"],
      unknown: ["prety"],
      commandHelp: ["pretty", "--help"],
      usageError: ["pretty", "--no-such-option"],
    };
    const results = await Promise.all(Object.values(lines).map((args) => cli.run(args, { direct: true })));
    runs = Object.fromEntries(Object.keys(lines).map((name, i) => [name, results[i]]));
  });

  it("with no command: the list of commands on stdout, exit 2; with --help: the same, exit 0", () => {
    expect(runs.none.code).to.equal(2);
    expect(runs.none.stdout).to.match(/^Usage: flowlog <command> \[options\]/);
    for (const name of ["pretty", "check", "test", "stats"]) expect(runs.none.stdout).to.match(new RegExp(`^  ${name}\\s+\\S`, "m"));
    expect(runs.help).to.deep.include({ code: 0, stdout: runs.none.stdout });
  });

  it("help <command> and <command> --help print that command's help, exit 0", () => {
    expect(runs.helpTopic.code).to.equal(0);
    expect(runs.helpTopic.stdout).to.include("flowlog stats").and.not.include("Commands:");
    expect(runs.commandHelp.code).to.equal(0);
    expect(runs.commandHelp.stdout).to.include("flowlog pretty").and.not.include("Commands:");
  });

  it("--version prints the package's version", () => {
    const { version } = JSON.parse(fs.readFileSync(path.join(repository, "package.json"), "utf8")) as { version: string };
    expect(runs.version).to.deep.include({ code: 0, stdout: `${version}\n` });
  });

  it("an unknown command: named on stderr with the list of commands, exit 2", () => {
    expect(runs.unknown.code).to.equal(2);
    expect(runs.unknown.stderr).to.match(/^flowlog: unknown command "prety"\n\nUsage: flowlog/);
  });

  it("a usage error in a command: its message and a pointer to that command's --help, exit 2", () => {
    expect(runs.usageError.code).to.equal(2);
    expect(runs.usageError.stderr).to.match(/^flowlog pretty: .*--no-such-option.*\nRun "flowlog pretty --help" for usage\.\n$/);
  });
});
