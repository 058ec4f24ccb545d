import { expect } from "chai";
import fc from "fast-check";
import type { OutgoingMessage } from "../../src/core/delivery.js";
import {
  whatsappAddress,
  whatsappMessages,
  type TwilioWhatsAppBody,
} from "../../src/format/whatsapp.js";
import type { LogRecord } from "../../src/core/record.js";
import { BOOM, hostileRecord, hostileText, isWellFormed, PROPERTY_RUNS, rec, T0 } from "./fixtures.js";

const NUMBERS = { from: "+14155238886", to: "+15551234567" };
const FROM = "whatsapp:+14155238886";
const TO = "whatsapp:+15551234567";
const TIME = "2026-11-24T09:12:54.123Z";
/** Twilio's limit on Body (contract 3.2), written out here so a wrong constant in the source cannot hide. */
const WHATSAPP_MAX_BODY = 1600;
/** Control characters a Body may not hold (LF and TAB are text). */
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/;

function onlyBody(record: LogRecord): string {
  const messages = whatsappMessages([record], NUMBERS);
  expect(messages).to.have.length(1);
  expect(messages[0].records).to.deep.equal([0]);
  return messages[0].body.Body;
}

function bodyProblems(message: OutgoingMessage<TwilioWhatsAppBody>): string[] {
  const problems: string[] = [];
  const { From, To, Body } = message.body;
  if (From !== FROM || To !== TO) problems.push(`addresses ${From} ${To}`);
  if (Body.length < 1 || Body.length > WHATSAPP_MAX_BODY) problems.push(`Body length ${Body.length}`);
  if (Body.trim() === "") problems.push("blank Body");
  if (CONTROL.test(Body)) problems.push(`control character in ${JSON.stringify(Body)}`);
  if (!isWellFormed(Body)) problems.push("lone surrogate");
  if (Object.keys(message.body).join() !== "From,To,Body") problems.push(`keys ${Object.keys(message.body).join()}`);
  return problems;
}

describe("format/whatsapp", () => {
  describe("whatsappMessages: exact payloads", () => {
    it("the product page's example", () => {
      expect(whatsappMessages([rec({ extra: { timeout_ms: 5000 } })], NUMBERS)).to.deep.equal([
        {
          body: { From: FROM, To: TO, Body: `[ERROR] myapp: Database query timed out\n${TIME}\ntimeout_ms: 5000` },
          records: [0],
        },
      ]);
    });

    it("exception, repeat note and a multi-line message", () => {
      expect(onlyBody(rec({ msg: "down\nretrying", exc: BOOM, repeated: { count: 37, since: T0 - 60_000 } }))).to.equal(
        `[ERROR] myapp: down retrying\n${TIME} · ×37 in the last 60 s\ndown\nretrying\n` +
          "TypeError: boom\n    at handler (/app/src/handler.js:10:5)\n    at main (/app/src/main.js:3:1)",
      );
    });

    it("plain text: HTML and markdown are left as typed", () => {
      expect(onlyBody(rec({ msg: "<b>x</b> & *y*" }))).to.equal(`[ERROR] myapp: <b>x</b> & *y*\n${TIME}`);
    });

    it("control characters are stripped", () => {
      expect(onlyBody(rec({ msg: "a\x1b[2J\x07\u202e\x9bb\r\nc" }))).to.equal(`[ERROR] myapp: a[2Jb c\n${TIME}\na[2Jb\nc`);
    });

    it("records of a batch share a Body, a blank line apart", () => {
      expect(whatsappMessages([rec({ msg: "one" }), rec({ level: "INFO", msg: "two" })], NUMBERS)).to.deep.equal([
        { body: { From: FROM, To: TO, Body: `[ERROR] myapp: one\n${TIME}\n\n[INFO] myapp: two\n${TIME}` }, records: [0, 1] },
      ]);
    });

    it("an empty batch: no message", () => {
      expect(whatsappMessages([], NUMBERS)).to.deep.equal([]);
    });
  });

  describe("whatsappMessages: limits", () => {
    it("a 10,000-character message is cut to 1600 with a marker, in one message", () => {
      const body = onlyBody(rec({ msg: "a".repeat(10_000) }));
      expect(body).to.have.length(WHATSAPP_MAX_BODY);
      expect(body).to.match(/\na+…\[\+\d+ chars\]$/);
    });

    it("never splits a surrogate pair when cutting", () => {
      const body = onlyBody(rec({ msg: "😀".repeat(5000) }));
      expect(body.length).to.be.at.most(WHATSAPP_MAX_BODY);
      expect(isWellFormed(body)).to.equal(true);
    });

    it("records that do not fit together go in separate messages", () => {
      const records = [rec({ msg: "a".repeat(700) }), rec({ msg: "b".repeat(700) }), rec({ msg: "c".repeat(700) })];
      const messages = whatsappMessages(records, NUMBERS);
      expect(messages.map((m) => m.records)).to.deep.equal([[0], [1], [2]]);
      const short = whatsappMessages([rec({ msg: "a".repeat(300) }), rec({ msg: "b".repeat(300) })], NUMBERS);
      expect(short.map((m) => m.records)).to.deep.equal([[0, 1]]);
    });

    it("a 100-key nested extra stays within 1600", () => {
      const extra = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`key${i}`, { nested: { v: "x".repeat(100) } }]));
      const messages = whatsappMessages([rec({ extra })], NUMBERS);
      expect(messages).to.have.length(1);
      expect(bodyProblems(messages[0])).to.deep.equal([]);
      expect(messages[0].body.Body).to.match(/…\[\+\d+ chars\]$/);
    });
  });

  describe("whatsappAddress", () => {
    const cases: [string, string][] = [
      ["+15551234567", "whatsapp:+15551234567"],
      ["whatsapp:+15551234567", "whatsapp:+15551234567"],
      ["WhatsApp:+15551234567", "whatsapp:+15551234567"],
      ["  +15551234567 ", "whatsapp:+15551234567"],
      ["whatsapp: +15551234567", "whatsapp:+15551234567"],
    ];
    for (const [configured, expected] of cases) {
      it(`${JSON.stringify(configured)} -> ${expected}`, () => {
        expect(whatsappAddress(configured)).to.equal(expected);
      });
    }

    it("prefixes both From and To", () => {
      const body = whatsappMessages([rec()], { from: "whatsapp:+14155238886", to: "+15551234567" })[0].body;
      expect([body.From, body.To]).to.deep.equal([FROM, TO]);
    });
  });

  describe("properties", function () {
    this.timeout(120_000);
    const hugeText = fc
      .tuple(hostileText, fc.integer({ min: 100, max: 10_000 }))
      .map(([piece, length]) => (piece === "" ? "x" : piece).repeat(Math.ceil(length / Math.max(1, piece.length))).slice(0, length));
    const hugeRecord = fc.tuple(hostileRecord, hugeText).map(([record, msg]): LogRecord => ({
      ...record,
      msg,
      extra: Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${i}`, { nested: msg.slice(0, 300) }])),
    }));
    const batch = fc.array(fc.oneof({ weight: 9, arbitrary: hostileRecord }, { weight: 1, arbitrary: hugeRecord }), { maxLength: 12 });

    it("every Body has 1..1600 clean characters, every record is sent once, nothing throws", () => {
      fc.assert(
        fc.property(batch, (records) => {
          const messages = whatsappMessages(records, NUMBERS);
          expect(messages.flatMap((m) => m.records)).to.deep.equal(records.map((_, i) => i));
          expect(messages.flatMap(bodyProblems)).to.deep.equal([]);
        }),
        { numRuns: PROPERTY_RUNS },
      );
    });
  });
});
