import { expect } from "chai";
import fc from "fast-check";
import { formatSyslog, octetCountedFrame, syslogSeverity, type SyslogFormatOptions } from "../../src/format/syslog.js";
import { toWellFormed } from "../../src/format/escape.js";
import { Level, LEVEL_NAMES } from "../../src/core/levels.js";
import { parseSyslog, sdParam } from "../helpers/syslog-parse.js";
import { BOOM, rec, T0 } from "./fixtures.js";

const OPTIONS: SyslogFormatOptions = { facility: 16, hostname: "web-1", procId: "4242", maxBytes: 8192 };
const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?(Z|[+-]\d\d:\d\d)$/;

describe("format/syslog (RFC 5424)", () => {
  describe("PRI: facility x 8 + the contract's severity", () => {
    const expected = { DEBUG: 7, INFO: 6, AUDIT: 5, WEBHOOK: 5, WARNING: 4, SECURITY: 4, ERROR: 3, DEPLOY: 5, CRITICAL: 2 };
    for (const facility of [16, 13, 10, 0, 23]) {
      it(`every level with facility ${facility}`, () => {
        for (const level of LEVEL_NAMES) {
          const parsed = parseSyslog(formatSyslog(rec({ level, levelno: Level[level] }), { ...OPTIONS, facility }));
          expect(parsed.pri, level).to.equal(facility * 8 + expected[level]);
          expect(syslogSeverity(Level[level])).to.equal(expected[level]);
        }
      });
    }
    it("DEPLOY reads as a notice, below ERROR in severity", () => {
      expect(syslogSeverity(Level.DEPLOY)).to.be.greaterThan(syslogSeverity(Level.ERROR));
    });
  });

  it("header: version 1, the record's time, hostname, app name (the logger by default), procid, MSGID -", () => {
    const parsed = parseSyslog(formatSyslog(rec({ logger: "api" }), OPTIONS));
    expect(parsed).to.include({ version: "1", timestamp: "2026-11-24T09:12:54.123Z", hostname: "web-1", appName: "api", procId: "4242", msgId: "-" });
    expect(parsed.timestamp).to.match(TIMESTAMP);
    expect(parseSyslog(formatSyslog(rec(), { ...OPTIONS, appName: "billing" })).appName).to.equal("billing");
  });

  it("header fields: spaces and non-ASCII become _, cut to the RFC's lengths, - when empty", () => {
    const parsed = parseSyslog(
      formatSyslog(rec({ logger: `my app ü ${"x".repeat(100)}` }), { ...OPTIONS, hostname: "h".repeat(300), procId: "" }),
    );
    expect(parsed.appName).to.equal(`my_app___${"x".repeat(39)}`);
    expect(parsed.hostname).to.equal("h".repeat(255));
    expect(parsed.procId).to.equal("-");
    for (const field of [parsed.hostname, parsed.appName]) expect(field).to.match(/^[\x21-\x7e]+$/);
  });

  it("an unrepresentable time is the NILVALUE", () => {
    expect(parseSyslog(formatSyslog(rec({ time: Number.NaN }), OPTIONS)).timestamp).to.equal("-");
  });

  it("structured data: the exact level and logger, then extra (strings as is, the rest JSON), escaped per RFC 5424", () => {
    const extra = { user: 'a"b\\c]d', n: 3, nested: { list: [1, "]"] }, "bad key=]\"x": "v", "": "empty" };
    const bytes = formatSyslog(rec({ level: "DEPLOY", levelno: Level.DEPLOY, logger: "api", extra }), OPTIONS);
    expect(bytes.toString()).to.include('[flowlog@32473 level="DEPLOY" logger="api"][extra@32473 user="a\\"b\\\\c\\]d" n="3"');
    const { sd } = parseSyslog(bytes);
    expect(sd.map((element) => element.id)).to.deep.equal(["flowlog@32473", "extra@32473"]);
    expect(sdParam(sd, "extra@32473", "user")).to.equal('a"b\\c]d');
    expect(sdParam(sd, "extra@32473", "n")).to.equal("3");
    expect(JSON.parse(sdParam(sd, "extra@32473", "nested") as string)).to.deep.equal({ list: [1, "]"] });
    expect(sdParam(sd, "extra@32473", "bad_key___x")).to.equal("v");
    expect(sdParam(sd, "extra@32473", "_")).to.equal("empty");
  });

  it("no extra: only the flowlog element", () => {
    expect(parseSyslog(formatSyslog(rec(), OPTIONS)).sd).to.have.length(1);
    expect(parseSyslog(formatSyslog(rec({ extra: {} }), OPTIONS)).sd).to.have.length(1);
  });

  it("MSG: a BOM, then the message and the exception, line breaks and non-ASCII kept, lone surrogates as U+FFFD", () => {
    const parsed = parseSyslog(formatSyslog(rec({ msg: "line 1\nline 2 ünï 🚀 \ud800", exc: BOOM }), OPTIONS));
    expect(parsed.bom).to.equal(true);
    expect(parsed.msg).to.equal("line 1\nline 2 ünï 🚀 \ufffd\nTypeError: boom\n    at handler (/app/src/handler.js:10:5)\n    at main (/app/src/main.js:3:1)");
  });

  describe("size cap", () => {
    it("a long message is cut to maxBytes with a marker counting the bytes left out", () => {
      const bytes = formatSyslog(rec({ msg: "é".repeat(5000) }), { ...OPTIONS, maxBytes: 2048 });
      expect(bytes.length).to.be.at.most(2048);
      const { msg } = parseSyslog(bytes);
      const marker = /…\[\+(\d+) bytes\]$/.exec(msg);
      expect(marker, msg.slice(-40)).to.not.equal(null);
      const kept = msg.slice(0, marker!.index);
      expect(kept).to.match(/^é+$/);
      expect(Buffer.byteLength(kept) + Number(marker![1])).to.equal(10_000);
    });

    it("a huge extra is cut too, and the message keeps its start", () => {
      const extra = { a: "x".repeat(3000), b: "y".repeat(3000), c: 1 };
      const bytes = formatSyslog(rec({ msg: "hello", extra }), { ...OPTIONS, maxBytes: 2048 });
      expect(bytes.length).to.be.at.most(2048);
      const parsed = parseSyslog(bytes);
      expect(parsed.msg).to.equal("hello");
      expect(sdParam(parsed.sd, "extra@32473", "a")).to.match(/^x+…\[\+\d+ bytes\]$/);
      expect(sdParam(parsed.sd, "extra@32473", "cut")).to.equal("2");
      expect(sdParam(parsed.sd, "flowlog@32473", "level")).to.equal("ERROR");
    });

    it("property: any text and extra, any cap >= 480: valid UTF-8, within the cap, parseable, never cut mid-character", () => {
      const hostile = fc.string({ unit: "binary", maxLength: 3000 });
      fc.assert(
        fc.property(hostile, fc.dictionary(hostile, hostile, { maxKeys: 5 }), fc.integer({ min: 480, max: 4096 }), (msg, extra, maxBytes) => {
          const bytes = formatSyslog(rec({ msg, extra }), { ...OPTIONS, maxBytes });
          expect(bytes.length).to.be.at.most(maxBytes);
          new TextDecoder("utf-8", { fatal: true }).decode(bytes);
          const parsed = parseSyslog(bytes);
          expect(sdParam(parsed.sd, "flowlog@32473", "level")).to.equal("ERROR");
          const whole = toWellFormed(msg);
          if (!parsed.msg.endsWith(" bytes]") || parsed.msg === whole) expect(parsed.msg).to.equal(whole);
          else expect(whole.startsWith(parsed.msg.replace(/…\[\+\d+ bytes\]$/, ""))).to.equal(true);
        }),
        { numRuns: 300 },
      );
    });
  });

  it("octet counting: MSG-LEN is the byte length (BOM and multi-byte characters included), no leading zero", () => {
    const message = formatSyslog(rec({ msg: "ünï 🚀" }), OPTIONS);
    const frame = octetCountedFrame(message);
    const space = frame.indexOf(0x20);
    const length = frame.subarray(0, space).toString();
    expect(length).to.match(/^[1-9]\d*$/);
    expect(Number(length)).to.equal(message.length);
    expect(frame.subarray(space + 1).equals(message)).to.equal(true);
    expect(message.length).to.be.greaterThan(message.toString().length);
  });

  it("formats at T0 as the other formats do", () => {
    expect(parseSyslog(formatSyslog(rec({ time: T0 + 0.9 }), OPTIONS)).timestamp).to.equal("2026-11-24T09:12:54.123Z");
  });
});
