import { expect } from "chai";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import { FlowlogSinkError } from "../../src/core/errors.js";
import { openAppendTarget, refuseSpecialAppendTarget } from "../../src/io/append-target.js";
import { useTempDir } from "../helpers/temp-dir.js";

describe("io/append-target: where logs may be appended", () => {
  const dir = useTempDir("flowlog-append-");

  const appendWith = (file: string, text: string): void => {
    const { fd } = openAppendTarget(file, "FileSink path");
    try {
      fs.writeSync(fd, text);
    } finally {
      fs.closeSync(fd);
    }
  };

  it("a regular file is created, and every open appends after what is there", () => {
    const file = path.join(dir(), "app.log");
    appendWith(file, "one\n");
    appendWith(file, "two\n");
    expect(fs.readFileSync(file, "utf8")).to.equal("one\ntwo\n");
    const { fd, stats } = openAppendTarget(file, "FileSink path");
    fs.closeSync(fd);
    expect(stats.isFile()).to.equal(true);
  });

  it("writes go to the end even after someone else truncated the file (no hole of zero bytes)", () => {
    const file = path.join(dir(), "app.log");
    const { fd } = openAppendTarget(file, "FileSink path");
    try {
      fs.writeSync(fd, "x".repeat(100));
      fs.truncateSync(file, 0);
      fs.writeSync(fd, "after\n");
    } finally {
      fs.closeSync(fd);
    }
    expect(fs.readFileSync(file, "utf8")).to.equal("after\n");
  });

  it("a character device such as /dev/null is accepted", () => {
    const { fd, stats } = openAppendTarget("/dev/null", "FileSink path");
    fs.closeSync(fd);
    expect(stats.isCharacterDevice()).to.equal(true);
  });

  it("a FIFO is refused before any open (which would block the process), naming the path and why", function () {
    const fifo = path.join(dir(), "pipe");
    try {
      execFileSync("mkfifo", [fifo]);
    } catch {
      this.skip();
    }
    const expected = /FileSink path ".*pipe" is a FIFO .*could block the whole process/;
    expect(() => refuseSpecialAppendTarget(fifo, "FileSink path")).to.throw(FlowlogSinkError, expected);
    expect(() => openAppendTarget(fifo, "FileSink path")).to.throw(FlowlogSinkError, expected);
  });

  it("a Unix socket is refused too", async () => {
    const socketPath = path.join(dir(), "sock");
    const server = net.createServer().listen(socketPath);
    await new Promise((resolve) => server.once("listening", resolve));
    try {
      expect(() => openAppendTarget(socketPath, "dead_letter.path")).to.throw(FlowlogSinkError, /dead_letter\.path ".*sock" is a socket/);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("other failures are the filesystem's own error, for the caller to count", () => {
    expect(() => openAppendTarget(dir(), "FileSink path")).to.throw(/EISDIR/);
    expect(() => openAppendTarget(path.join(dir(), "missing", "app.log"), "FileSink path")).to.throw(/ENOENT/);
    expect(() => refuseSpecialAppendTarget(path.join(dir(), "missing", "app.log"), "FileSink path")).to.not.throw();
  });
});
