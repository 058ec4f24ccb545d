import { expect } from "chai";
import {
  FlowlogConfigError,
  FlowlogError,
  FlowlogSinkError,
  LoggerCompletedError,
  MissingPeerError,
  UnknownLevelError,
} from "../../src/index.js";
import { quietLogger } from "../helpers/quiet-logger.js";
import { makeTempDir } from "../helpers/temp-dir.js";

describe("core/errors", () => {
  it("every class carries its own code and name", () => {
    const made: [FlowlogError, string, string][] = [
      [new UnknownLevelError('"LOUD"', "DEBUG..CRITICAL"), "FLOWLOG_UNKNOWN_LEVEL", "UnknownLevelError"],
      [new FlowlogConfigError(["a: bad"]), "FLOWLOG_CONFIG", "FlowlogConfigError"],
      [new FlowlogSinkError("bad"), "FLOWLOG_SINK", "FlowlogSinkError"],
      [new MissingPeerError("nodemailer", "EmailSink"), "FLOWLOG_MISSING_PEER", "MissingPeerError"],
      [new LoggerCompletedError("addSink"), "FLOWLOG_COMPLETED", "LoggerCompletedError"],
    ];
    for (const [error, code, name] of made) {
      expect(error).to.be.instanceOf(FlowlogError).and.instanceOf(Error);
      expect([error.code, error.name]).to.deep.equal([code, name]);
    }
  });

  it("instanceof tells the classes apart", () => {
    expect(new FlowlogSinkError("x")).not.to.be.instanceOf(FlowlogConfigError);
    expect(new UnknownLevelError("x", "DEBUG..CRITICAL")).not.to.be.instanceOf(MissingPeerError);
    expect(new Error("plain")).not.to.be.instanceOf(FlowlogError);
    expect(Object.assign(new Error("look-alike"), { code: "FLOWLOG_SINK" })).not.to.be.instanceOf(FlowlogSinkError);
    for (const value of [null, undefined, "FLOWLOG_SINK", 42, {}]) expect(value instanceof FlowlogError).to.equal(false);
  });

  it("instanceof holds for an error made by a second copy of flowlog (two installed versions)", async () => {
    // A query string makes the module loader evaluate the file again: a second copy of every class.
    const secondCopy = new URL("../../src/core/errors.ts?second-copy", import.meta.url).href;
    const copy = (await import(secondCopy)) as typeof import("../../src/core/errors.js");
    expect(copy.FlowlogSinkError).not.to.equal(FlowlogSinkError);
    const foreign = new copy.FlowlogSinkError("from the other copy");
    expect(foreign).to.be.instanceOf(FlowlogError).and.instanceOf(FlowlogSinkError);
    expect(foreign).not.to.be.instanceOf(FlowlogConfigError);
    expect(new FlowlogConfigError(["x"])).to.be.instanceOf(copy.FlowlogError).and.instanceOf(copy.FlowlogConfigError);
  });

  it("addSink after complete() throws LoggerCompletedError", async () => {
    const { dir, cleanup } = makeTempDir();
    const { log } = quietLogger("app", dir);
    await log.complete();
    cleanup();
    expect(() => log.addSink({ name: "late", minLevel: 10, remote: false, connect: () => ({}) as never })).to.throw(
      LoggerCompletedError,
      "addSink after complete(): this logger is closed",
    );
  });
});
