import { expect } from "chai";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { MAX_CONFIG_FILE_BYTES, readConfigText } from "../../../src/config/sources/config-text.js";
import { useTempDir } from "../../helpers/temp-dir.js";

describe("config/sources/config-text: a configuration file read only when that is safe", () => {
  const dir = useTempDir("flowlog-config-text-");

  it("a regular file's text; a missing file is missing, not a problem", () => {
    const file = path.join(dir(), "flowlog.yaml");
    fs.writeFileSync(file, "strict: true\n");
    expect(readConfigText(file)).to.deep.equal({ text: "strict: true\n" });
    expect(readConfigText(path.join(dir(), "absent.yaml"))).to.deep.equal({ missing: true });
  });

  it("up to 1 MB is read; beyond, a problem that says how large it is", () => {
    const file = path.join(dir(), "big.yaml");
    fs.writeFileSync(file, "#".repeat(MAX_CONFIG_FILE_BYTES));
    expect(readConfigText(file)).to.have.property("text").with.length(MAX_CONFIG_FILE_BYTES);
    fs.appendFileSync(file, "#".repeat(MAX_CONFIG_FILE_BYTES / 2));
    expect(readConfigText(file)).to.deep.equal({ problem: "is too large (1.5 MB): configuration files are read up to 1 MB" });
  });

  it("a device that never ends (/dev/zero), a directory and a FIFO are refused without being read", function () {
    expect(readConfigText("/dev/zero")).to.deep.equal({ problem: "is a character device, not a regular file: configuration is read only from regular files" });
    expect(readConfigText(dir())).to.deep.equal({ problem: "is a directory, not a regular file: configuration is read only from regular files" });
    const fifo = path.join(dir(), "pipe.yaml");
    try {
      execFileSync("mkfifo", [fifo]);
    } catch {
      this.skip();
    }
    // Nobody writes the FIFO: opening it for reading would block the whole process.
    expect(readConfigText(fifo)).to.deep.equal({ problem: "is a FIFO (named pipe), not a regular file: configuration is read only from regular files" });
  });

  it("a path that cannot be opened is a problem naming the error's code, not a throw", () => {
    // A symlink loop: refused for every user, root included (EACCES would not be).
    const loop = path.join(dir(), "loop.yaml");
    fs.symlinkSync(loop, loop);
    expect(readConfigText(loop)).to.deep.equal({ problem: "cannot be read (ELOOP)" });
  });
});
