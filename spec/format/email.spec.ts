import { expect } from "chai";
import fc from "fast-check";
import { EMAIL_DETAILED_RECORDS, emailMessage, emailSubject } from "../../src/format/email.js";
import type { LogRecord } from "../../src/core/record.js";
import { BOOM, hostileRecord, hostileText, isWellFormed, PROPERTY_RUNS, rec, T0 } from "./fixtures.js";

const OPTIONS = { from: "alerts@example.com", to: "ops@example.com", loggerName: "myapp" };
const TIME = "2026-11-24T09:12:54.123Z";
/** The longest Subject the brief allows. */
const EMAIL_SUBJECT_MAX = 200;
/** Any control character, line breaks included: none may reach a Subject header. */
const SUBJECT_CONTROL = /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/;
const TEXT_CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/;

/** Every tag flowlog writes into the HTML part, and nothing else. */
const OWN_TAG =
  /^<(?:!DOCTYPE html|\/?html|\/?head|meta charset="utf-8"|\/?title|body style="font-family:sans-serif"|\/body|\/?p|h3 style="color:#[0-9a-f]{6}"|\/h3|table cellpadding="4"|\/table|\/?tr|th align="left" valign="top"|\/th|td(?: style="white-space:pre-wrap")?|\/td|\/?pre|hr|\/?ul|\/?li)>/;

/** Every `<` of the HTML opens one of our tags, every `&` one of escapeHtml's entities, no `>` is loose. */
function htmlProblems(html: string): string[] {
  const problems: string[] = [];
  for (let i = 0; i < html.length; i++) {
    if (html[i] === "<") {
      const tag = OWN_TAG.exec(html.slice(i, i + 60));
      if (tag === null) problems.push(`foreign markup ${JSON.stringify(html.slice(i, i + 30))}`);
      else i += tag[0].length - 1;
    } else if (html[i] === ">") {
      problems.push(`loose > at ${i}`);
    } else if (html[i] === "&" && !/^&(?:amp|lt|gt|quot|#39);/.test(html.slice(i, i + 6))) {
      problems.push(`bare & at ${i}`);
    }
  }
  return problems;
}

describe("format/email", () => {
  describe("emailMessage: exact payloads", () => {
    it("one record: subject, text and HTML parts", () => {
      expect(emailMessage([rec({ extra: { timeout_ms: 5000 }, exc: BOOM })], OPTIONS)).to.deep.equal([
        {
          body: {
            subject: "[ERROR] myapp: Database query timed out",
            text:
              `1 alert from myapp at ${TIME}\n\n` +
              `[ERROR] myapp: Database query timed out\nTime: ${TIME}\nExtra:\ntimeout_ms: 5000\n` +
              "Exception:\nTypeError: boom\n    at handler (/app/src/handler.js:10:5)\n    at main (/app/src/main.js:3:1)\n",
            html:
              '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>[ERROR] myapp: Database query timed out</title></head>\n' +
              '<body style="font-family:sans-serif">\n' +
              `<p>1 alert from myapp at ${TIME}</p>\n` +
              '<h3 style="color:#ed4245">[ERROR] myapp: Database query timed out</h3>\n<table cellpadding="4">\n' +
              '<tr><th align="left" valign="top">Level</th><td>ERROR</td></tr>\n' +
              '<tr><th align="left" valign="top">Logger</th><td>myapp</td></tr>\n' +
              `<tr><th align="left" valign="top">Time</th><td>${TIME}</td></tr>\n` +
              "</table>\n<pre>timeout_ms: 5000</pre>\n" +
              "<pre>TypeError: boom\n    at handler (/app/src/handler.js:10:5)\n    at main (/app/src/main.js:3:1)</pre>\n" +
              "<hr>\n</body></html>\n",
          },
          records: [0],
        },
      ]);
    });

    it("a digest: the subject names the highest level, the first message at it, and how many more", () => {
      const records = [
        rec({ level: "WARNING", msg: "Slow query" }),
        rec({ level: "ERROR", msg: "Database down" }),
        rec({ level: "INFO", msg: "Retrying" }),
        rec({ level: "ERROR", msg: "Still down" }),
        rec({ level: "DEBUG", msg: "x" }),
      ];
      const [message] = emailMessage(records, OPTIONS);
      expect(message.body.subject).to.equal("[ERROR] myapp: Database down (+4 more)");
      expect(message.records).to.deep.equal([0, 1, 2, 3, 4]);
      expect(message.body.text.split("\n")[0]).to.equal(`5 alerts from myapp, ${TIME} to ${TIME}`);
      expect(message.body.text).to.include("\n\n----------------------------------------\n\n[ERROR] myapp: Database down\n");
    });

    it("a coalesced record: the count in the subject and a Repeated row", () => {
      const [message] = emailMessage([rec({ repeated: { count: 37, since: T0 - 60_000 } })], OPTIONS);
      expect(message.body.subject).to.equal("[ERROR] myapp: Database query timed out (×37 in the last 60 s)");
      expect(message.body.text).to.include("\nRepeated: ×37 in the last 60 s\n");
      expect(message.body.html).to.include('<tr><th align="left" valign="top">Repeated</th><td>×37 in the last 60 s</td></tr>');
    });

    it("a multi-line message has its own row", () => {
      const [message] = emailMessage([rec({ msg: "a\nb" })], OPTIONS);
      expect(message.body.text).to.include("\nMessage:\na\nb\n");
      expect(message.body.html).to.include('<tr><th align="left" valign="top">Message</th><td style="white-space:pre-wrap">a\nb</td></tr>');
    });

    it("an empty batch: no mail", () => {
      expect(emailMessage([], OPTIONS)).to.deep.equal([]);
    });
  });

  describe("hostile input", () => {
    it("header injection: the subject stays one line (S5)", () => {
      const [message] = emailMessage([rec({ msg: "x\r\nBcc: attacker@evil", logger: "a\nb" })], OPTIONS);
      expect(message.body.subject).to.equal("[ERROR] a b: x Bcc: attacker@evil");
      expect(message.body.subject).not.to.match(SUBJECT_CONTROL);
    });

    it("HTML in user text is escaped in the HTML part and plain in the text part (S2)", () => {
      const msg = '<b>x</b><a href="javascript:alert(1)">y</a> & <script>';
      const [message] = emailMessage([rec({ msg, logger: "<i>", extra: { "<k>": "<v>" }, exc: { type: "<E>", message: "<m>" } })], OPTIONS);
      expect(message.body.html).to.include(
        "&lt;b&gt;x&lt;/b&gt;&lt;a href=&quot;javascript:alert(1)&quot;&gt;y&lt;/a&gt; &amp; &lt;script&gt;",
      );
      expect(htmlProblems(message.body.html)).to.deep.equal([]);
      expect(message.body.text).to.include(msg);
    });

    it("a 10,000-character message: subject cut to 200, body parts cut with a marker", () => {
      const [message] = emailMessage([rec({ msg: "m".repeat(10_000) }), rec()], OPTIONS);
      expect(message.body.subject).to.have.length(EMAIL_SUBJECT_MAX);
      expect(message.body.subject).to.match(/^\[ERROR\] myapp: m+…\[\+\d+ chars\] \(\+1 more\)$/);
      expect(message.body.text).to.include(`${"m".repeat(10_000)}\n`);
      const [huge] = emailMessage([rec({ msg: "m".repeat(20_000) })], OPTIONS);
      expect(huge.body.text).to.include(`${"m".repeat(16_384)}…[+3616 chars]\n`);
    });

    it("more than 100 records: the first 100 in full, the rest by headline", () => {
      const records = Array.from({ length: 130 }, (_, i) => rec({ msg: `alert ${i}` }));
      const [message] = emailMessage(records, OPTIONS);
      expect(message.records).to.have.length(130);
      expect(message.body.text).to.include(`\n30 more:\n[ERROR] myapp: alert ${EMAIL_DETAILED_RECORDS}\n`);
      expect(message.body.text.split("Time: ")).to.have.length(EMAIL_DETAILED_RECORDS + 1);
      expect(message.body.html).to.include(`<li>[ERROR] myapp: alert 129</li>`);
    });

    it("emailSubject of a record with nothing readable", () => {
      const record = { time: T0, level: "ERROR", levelno: Number.NaN, logger: "", msg: "" } as LogRecord;
      expect(emailSubject([record])).to.equal("[ERROR]");
    });
  });

  describe("properties", function () {
    this.timeout(120_000);
    const batch = fc.array(hostileRecord, { minLength: 1, maxLength: 8 });

    it("one line of at most 200 for the subject, escaped HTML, plain text, every record, nothing throws", () => {
      fc.assert(
        fc.property(batch, hostileText, (records, loggerName) => {
          const messages = emailMessage(records, { ...OPTIONS, loggerName });
          expect(messages).to.have.length(1);
          const { body, records: indexes } = messages[0];
          expect(indexes).to.deep.equal(records.map((_, i) => i));
          const problems = htmlProblems(body.html);
          if (body.subject.length > EMAIL_SUBJECT_MAX || body.subject.length === 0) problems.push(`subject length ${body.subject.length}`);
          if (SUBJECT_CONTROL.test(body.subject)) problems.push(`control in subject ${JSON.stringify(body.subject)}`);
          if (TEXT_CONTROL.test(body.text)) problems.push("control in the text part");
          for (const part of [body.subject, body.text, body.html]) if (!isWellFormed(part)) problems.push("lone surrogate");
          expect(problems).to.deep.equal([]);
        }),
        { numRuns: PROPERTY_RUNS },
      );
    });
  });
});
