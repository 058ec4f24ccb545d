import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import { specialFileKind } from "../../src/core/file-kind.js";

describe("core/file-kind specialFileKind: the words an error uses for what a path is", () => {
  it("a regular file is not special; a directory and a character device are named (real files)", () => {
    const file = `${os.tmpdir()}/flowlog-file-kind-${process.pid}`;
    fs.writeFileSync(file, "x");
    try {
      expect(specialFileKind(fs.statSync(file))).to.equal(undefined);
    } finally {
      fs.rmSync(file);
    }
    expect(specialFileKind(fs.statSync(os.tmpdir()))).to.equal("a directory");
    expect(specialFileKind(fs.statSync("/dev/null"))).to.equal("a character device");
  });

  it("names FIFOs, sockets and block devices, and anything else as not a regular file", () => {
    const only = (kind: string) => ({
      isFile: () => false,
      isDirectory: () => false,
      isFIFO: () => kind === "fifo",
      isSocket: () => kind === "socket",
      isCharacterDevice: () => false,
      isBlockDevice: () => kind === "block",
    });
    expect(specialFileKind(only("fifo"))).to.equal("a FIFO (named pipe)");
    expect(specialFileKind(only("socket"))).to.equal("a socket");
    expect(specialFileKind(only("block"))).to.equal("a block device");
    expect(specialFileKind(only("symlink"))).to.equal("not a regular file");
  });
});
