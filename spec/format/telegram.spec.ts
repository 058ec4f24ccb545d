import { expect } from "chai";
import fc from "fast-check";
import type { OutgoingMessage } from "../../src/core/delivery.js";
import {
  telegramMessages,
  visibleLength,
  type TelegramSendMessageBody,
} from "../../src/format/telegram.js";
import type { LogRecord } from "../../src/core/record.js";
import { BOOM, hostileRecord, hostileText, isWellFormed, PROPERTY_RUNS, rec, T0 } from "./fixtures.js";

const CHAT = -1001234567890;
/** Telegram's limit after entity parsing (contract 2.2), written out here so a wrong constant in the source cannot hide. */
const TELEGRAM_MAX_VISIBLE = 4096;
const TIME = "2026-11-24T09:12:54.123Z";
const CONTINUED = "<i>(continued)</i>\n";
const ENTITY_TEXT: Readonly<Record<string, string>> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'" };

/** The only message text for one record. */
function only(record: LogRecord): string {
  const messages = telegramMessages([record], { chatId: CHAT });
  expect(messages).to.have.length(1);
  expect(messages[0].records).to.deep.equal([0]);
  return messages[0].body.text;
}

/** What a reader sees: tags dropped, entities decoded. */
function decode(html: string): string {
  return html.replace(/<\/?(?:b|i|pre)>/g, "").replace(/&(?:amp|lt|gt|quot|#39);/g, (entity) => ENTITY_TEXT[entity]);
}

/**
 * Every broken rule of Telegram's HTML parse mode and length limit in one text: only our
 * `<b>`, `<i>`, `<pre>`, balanced and never nested; no raw `<` or `>` from user data; `&` only
 * in the five entities we write; visible length 1..4096; something visible; no lone surrogate.
 */
function htmlProblems(html: string): string[] {
  const problems: string[] = [];
  let open: string | undefined;
  for (let i = 0; i < html.length; i++) {
    const char = html[i];
    if (char === "<") {
      const tag = /^<(\/?)(b|i|pre)>/.exec(html.slice(i, i + 6));
      if (tag === null) {
        problems.push(`raw < at ${i}: ${JSON.stringify(html.slice(i, i + 20))}`);
        continue;
      }
      if (tag[1] === "") {
        if (open !== undefined) problems.push(`<${tag[2]}> inside <${open}>`);
        open = tag[2];
      } else {
        if (open !== tag[2]) problems.push(`</${tag[2]}> closes ${open ?? "nothing"}`);
        open = undefined;
      }
      i += tag[0].length - 1;
    } else if (char === ">") {
      problems.push(`raw > at ${i}`);
    } else if (char === "&") {
      const entity = /^&(?:amp|lt|gt|quot|#39);/.exec(html.slice(i, i + 6));
      if (entity === null) problems.push(`bare & at ${i}: ${JSON.stringify(html.slice(i, i + 10))}`);
      else i += entity[0].length - 1;
    }
  }
  if (open !== undefined) problems.push(`<${open}> left open`);
  const visible = visibleLength(html);
  if (visible < 1 || visible > TELEGRAM_MAX_VISIBLE) problems.push(`visible length ${visible}`);
  if (decode(html).trim() === "") problems.push("nothing visible");
  if (!isWellFormed(html)) problems.push("lone surrogate");
  return problems;
}

function bodyProblems(message: OutgoingMessage<TelegramSendMessageBody>): string[] {
  const { text, ...rest } = message.body;
  const problems = htmlProblems(text);
  if (JSON.stringify(rest) !== JSON.stringify({ chat_id: CHAT, parse_mode: "HTML", link_preview_options: { is_disabled: true } })) {
    problems.push(`body fields ${JSON.stringify(rest)}`);
  }
  return problems;
}

/** Each record appears, in order; one spread over several messages appears in consecutive ones. */
function assertEveryRecordInOrder(messages: readonly OutgoingMessage<unknown>[], count: number): void {
  const sequence = messages.flatMap((m) => m.records);
  const distinct = sequence.filter((index, i) => i === 0 || sequence[i - 1] !== index);
  expect(distinct).to.deep.equal(Array.from({ length: count }, (_, i) => i));
}

/** The visible text of a record's messages, joined, without the "(continued)" openings. */
function joinedVisible(messages: readonly OutgoingMessage<TelegramSendMessageBody>[]): string {
  return messages.map((m, i) => decode(i === 0 ? m.body.text : m.body.text.slice(CONTINUED.length))).join("");
}

describe("format/telegram", () => {
  describe("telegramMessages: exact payloads", () => {
    it("the product page's example, with the whole body", () => {
      expect(telegramMessages([rec()], { chatId: CHAT })).to.deep.equal([
        {
          body: {
            chat_id: CHAT,
            text: `<b>[ERROR] myapp: Database query timed out</b>\n<i>${TIME}</i>`,
            parse_mode: "HTML",
            link_preview_options: { is_disabled: true },
          },
          records: [0],
        },
      ]);
    });

    it("a chat id given as a string is kept as is", () => {
      expect(telegramMessages([rec()], { chatId: "@alerts" })[0].body.chat_id).to.equal("@alerts");
    });

    it("extra, exception and repeat note", () => {
      const text = only(rec({ extra: { timeout_ms: 5000, host: "db1" }, exc: BOOM, repeated: { count: 37, since: T0 - 60_000 } }));
      expect(text).to.equal(
        `<b>[ERROR] myapp: Database query timed out</b>\n<i>${TIME} · ×37 in the last 60 s</i>\n` +
          "<pre>timeout_ms: 5000\nhost: &quot;db1&quot;</pre>\n" +
          "<pre>TypeError: boom\n    at handler (/app/src/handler.js:10:5)\n    at main (/app/src/main.js:3:1)</pre>",
      );
    });

    it("a multi-line message: joined in the headline, whole below", () => {
      expect(only(rec({ msg: "line1\r\nline2" }))).to.equal(`<b>[ERROR] myapp: line1 line2</b>\n<i>${TIME}</i>\nline1\nline2`);
    });

    it("HTML in user text is escaped (S2)", () => {
      expect(only(rec({ msg: '<b>x</b><a href="javascript:alert(1)">y</a> & <script>' }))).to.equal(
        "<b>[ERROR] myapp: &lt;b&gt;x&lt;/b&gt;&lt;a href=&quot;javascript:alert(1)&quot;&gt;y&lt;/a&gt; &amp; &lt;script&gt;</b>\n" +
          `<i>${TIME}</i>`,
      );
    });

    it("entities typed by the user stay text", () => {
      expect(only(rec({ logger: "&amp;", msg: "&lt;&nbsp;" }))).to.equal(
        `<b>[ERROR] &amp;amp;: &amp;lt;&amp;nbsp;</b>\n<i>${TIME}</i>`,
      );
    });

    it("control characters are removed", () => {
      expect(only(rec({ msg: "a\x1b[2J\x07\u202eb" }))).to.equal(`<b>[ERROR] myapp: a[2Jb</b>\n<i>${TIME}</i>`);
    });

    it("records of a batch share a message, a blank line apart", () => {
      const messages = telegramMessages([rec({ msg: "one" }), rec({ level: "WARNING", msg: "two" })], { chatId: CHAT });
      expect(messages).to.have.length(1);
      expect(messages[0].records).to.deep.equal([0, 1]);
      expect(messages[0].body.text).to.equal(`<b>[ERROR] myapp: one</b>\n<i>${TIME}</i>\n\n<b>[WARNING] myapp: two</b>\n<i>${TIME}</i>`);
    });

    it("an empty batch: no message", () => {
      expect(telegramMessages([], { chatId: CHAT })).to.deep.equal([]);
    });
  });

  describe("telegramMessages: splitting", () => {
    it("a 10,000-character message spans three messages of at most 4096 visible characters", () => {
      const messages = telegramMessages([rec({ msg: "a".repeat(10_000) })], { chatId: CHAT });
      expect(messages.map((m) => m.records)).to.deep.equal([[0], [0], [0]]);
      expect(messages.map((m) => visibleLength(m.body.text))).to.deep.equal([4096, 4096, 1 + 11 + 294 + 14]);
      for (const message of messages.slice(1)) expect(message.body.text.startsWith(CONTINUED)).to.equal(true);
      const headline = `[ERROR] myapp: ${"a".repeat(227)}…[+9773 chars]`;
      expect(joinedVisible(messages)).to.equal(`${headline}\n${TIME}\n${"a".repeat(8192)}…[+1808 chars]`);
      for (const message of messages) expect(bodyProblems(message)).to.deep.equal([]);
    });

    it("a <pre> cut at the split is closed and reopened", () => {
      const messages = telegramMessages([rec({ exc: { type: "E", message: "e".repeat(6000) } })], { chatId: CHAT });
      expect(messages).to.have.length(2);
      expect(messages[0].body.text).to.match(/\n<pre>E: e+<\/pre>$/);
      expect(messages[1].body.text).to.match(/^<i>\(continued\)<\/i>\n<pre>e+…\[\+1907 chars\]<\/pre>$/);
      expect(visibleLength(messages[0].body.text)).to.equal(4096);
      for (const message of messages) expect(bodyProblems(message)).to.deep.equal([]);
    });

    it("an entity is never cut: 10,000 ampersands", () => {
      const messages = telegramMessages([rec({ msg: "&".repeat(10_000) })], { chatId: CHAT });
      expect(messages).to.have.length(3);
      for (const message of messages) expect(bodyProblems(message)).to.deep.equal([]);
      expect(joinedVisible(messages)).to.include(`${"&".repeat(8192)}…[+1808 chars]`);
    });

    it("a surrogate pair is never split", () => {
      const messages = telegramMessages([rec({ msg: `b${"😀".repeat(5000)}` })], { chatId: CHAT });
      for (const message of messages) expect(bodyProblems(message)).to.deep.equal([]);
      expect(joinedVisible(messages)).to.include(`b${"😀".repeat(4095)}…[+1810 chars]`);
    });

    it("a split prefers a line break near the end", () => {
      const lines = Array.from({ length: 300 }, (_, i) => `line ${String(i).padStart(3, "0")} ${"x".repeat(20)}`).join("\n");
      const messages = telegramMessages([rec({ msg: lines })], { chatId: CHAT });
      expect(messages).to.have.length(3);
      expect(messages[0].body.text).to.match(/x\n$/);
      expect(messages[1].body.text).to.match(/^<i>\(continued\)<\/i>\nline \d{3} /);
    });

    it("a record that does not fit after another starts a new message", () => {
      const records = [rec({ msg: "short" }), rec({ msg: "b".repeat(4000) }), rec({ msg: "after" })];
      const messages = telegramMessages(records, { chatId: CHAT });
      expect(messages.map((m) => m.records)).to.deep.equal([[0], [1], [1, 2]]);
      expect(messages[1].body.text.startsWith("<b>[ERROR] myapp: bbb")).to.equal(true);
    });
  });

  describe("visibleLength", () => {
    const cases: [string, number][] = [
      ["", 0],
      ["plain", 5],
      ["<b>a&amp;b</b>", 3],
      ["&lt;&gt;&quot;&#39;", 4],
      ["&#128512;", 2],
      ["&#x1F600;", 2],
      ["a<b", 3],
      ["&nbsp", 5],
      ["😀", 2],
      ["<pre>\n</pre>", 1],
    ];
    for (const [html, expected] of cases) {
      it(`${JSON.stringify(html)} is ${expected}`, () => {
        expect(visibleLength(html)).to.equal(expected);
      });
    }
  });

  describe("properties", function () {
    this.timeout(120_000);
    const hugeText = fc
      .tuple(hostileText, fc.integer({ min: 100, max: 10_000 }))
      .map(([piece, length]) => (piece === "" ? "<&" : piece).repeat(Math.ceil(length / Math.max(1, piece.length))).slice(0, length));
    const hugeRecord = fc.tuple(hostileRecord, hugeText).map(([record, msg]): LogRecord => ({
      ...record,
      msg,
      extra: Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${i}<`, { nested: { v: msg.slice(0, 200) } }])),
      exc: { type: "E&", message: msg, stack: msg },
    }));
    const batch = fc.array(fc.oneof({ weight: 9, arbitrary: hostileRecord }, { weight: 1, arbitrary: hugeRecord }), { maxLength: 12 });

    it("every text is valid Telegram HTML of 1..4096 visible characters; every record is sent; nothing throws", () => {
      fc.assert(
        fc.property(batch, (records) => {
          const messages = telegramMessages(records, { chatId: CHAT });
          assertEveryRecordInOrder(messages, records.length);
          expect(messages.flatMap(bodyProblems)).to.deep.equal([]);
        }),
        { numRuns: PROPERTY_RUNS },
      );
    });

    it("what the reader sees is the escaped text, for any message", () => {
      fc.assert(
        fc.property(hostileText, (msg) => {
          const text = only(rec({ msg: `${msg}!`, logger: "" }));
          expect(htmlProblems(text)).to.deep.equal([]);
          expect(decode(text).split("\n")[0]).to.match(/^\[ERROR\] /);
        }),
        { numRuns: PROPERTY_RUNS },
      );
    });
  });
});
