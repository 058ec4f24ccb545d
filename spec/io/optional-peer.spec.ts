import { expect } from "chai";
import { MissingPeerError } from "../../src/core/errors.js";
import { importPeer, isMissingPackage } from "../../src/io/optional-peer.js";

const hasCreateTransport = (mod: unknown): mod is { createTransport: () => unknown } =>
  typeof (mod as { createTransport?: unknown } | null)?.createTransport === "function";

describe("io/optional-peer: optional packages imported only when a sink needs them", () => {
  it("an installed peer is imported and the expected shape found (here nodemailer, CommonJS, through its default)", async () => {
    const nodemailer = await importPeer("nodemailer", "EmailSink", () => import("nodemailer"), hasCreateTransport);
    expect(nodemailer.createTransport).to.be.a("function");
  });

  it("a peer that is not installed is a MissingPeerError naming the npm install to run", async () => {
    const error = await importPeer("flowlog-spec-absent-peer", "EmailSink", () => import("flowlog-spec-absent-peer" as string), hasCreateTransport).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(MissingPeerError);
    expect((error as Error).message).to.equal('EmailSink needs the optional package "flowlog-spec-absent-peer": run `npm install flowlog-spec-absent-peer`');
  });

  it("a peer without the expected shape is a MissingPeerError too", async () => {
    const error = await importPeer("node:path", "EmailSink", () => import("node:path"), hasCreateTransport).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(MissingPeerError);
  });

  it("a broken install (a package missing inside the peer, or any other failure) is rethrown as it is", async () => {
    const inner = Object.assign(new Error("Cannot find package 'some-dependency' imported from nodemailer"), { code: "ERR_MODULE_NOT_FOUND" });
    expect(await importPeer("nodemailer", "EmailSink", () => Promise.reject(inner), hasCreateTransport).catch((e: unknown) => e)).to.equal(inner);
    const syntax = new SyntaxError("Unexpected token");
    expect(await importPeer("nodemailer", "EmailSink", () => Promise.reject(syntax), hasCreateTransport).catch((e: unknown) => e)).to.equal(syntax);
  });

  it("isMissingPackage reads both module systems' codes, and only for the peer itself", () => {
    expect(isMissingPackage({ code: "ERR_MODULE_NOT_FOUND", message: "Cannot find package 'nodemailer' imported from x" }, "nodemailer")).to.equal(true);
    expect(isMissingPackage({ code: "MODULE_NOT_FOUND", message: 'Cannot find module "nodemailer"' }, "nodemailer")).to.equal(true);
    expect(isMissingPackage({ code: "ERR_MODULE_NOT_FOUND", message: "Cannot find package 'other' imported from nodemailer" }, "nodemailer")).to.equal(false);
    expect(isMissingPackage(new Error("nodemailer"), "nodemailer")).to.equal(false);
    expect(isMissingPackage(null, "nodemailer")).to.equal(false);
  });
});
