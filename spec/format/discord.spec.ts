import { expect } from "chai";
import fc from "fast-check";
import {
  discordMessages,
  discordUsername,
  embedSize,
  escapeDiscordMarkdown,
  type DiscordEmbed,
  type DiscordWebhookBody,
} from "../../src/format/discord.js";
import type { OutgoingMessage } from "../../src/core/delivery.js";
import { LEVEL_NAMES } from "../../src/core/levels.js";
import type { LogRecord } from "../../src/core/record.js";
import { BOOM, hostileRecord, hostileText, isWellFormed, PROPERTY_RUNS, rec, T0 } from "./fixtures.js";

const ZWSP = "\u200b";
/** Discord's limits (contract 1.3-1.4), written out here so a wrong constant in the source cannot hide. */
const DISCORD_LIMITS = {
  embeds: 10,
  total: 6000,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  username: 80,
} as const;
const TIMESTAMP = "2026-11-24T09:12:54.123Z";
const MARKDOWN_SPECIAL = "\\*_~`|<>[]()#:-";
const MARKER_AT_END = /…\[\+\d+ chars\]$/;

/** The body of the only message for one record. */
function only(record: LogRecord, options = {}): DiscordWebhookBody {
  const messages = discordMessages([record], options);
  expect(messages).to.have.length(1);
  expect(messages[0].records).to.deep.equal([0]);
  return messages[0].body;
}

/** The first markdown character of `text` that is not backslash-escaped (a trailing cut marker aside), or a live mention. */
function liveMarkdown(text: string): string | undefined {
  const body = text.replace(MARKER_AT_END, "");
  for (let i = 0; i < body.length; i++) {
    if (body[i] === "\\") {
      i++;
      if (!MARKDOWN_SPECIAL.includes(body[i])) return `a backslash before ${JSON.stringify(body[i])} in ${JSON.stringify(text)}`;
    } else if (MARKDOWN_SPECIAL.includes(body[i])) {
      return `${JSON.stringify(body[i])} in ${JSON.stringify(text)}`;
    }
  }
  return /@(everyone|here)/i.test(body) ? `a mention in ${JSON.stringify(text)}` : undefined;
}

function assertInert(text: string): void {
  expect(liveMarkdown(text)).to.equal(undefined);
}

/** The description before the exception's code block, and the block's content (undefined: malformed). */
function splitDescription(description: string): { message: string; code?: string; malformed?: true } {
  const fence = description.indexOf("```");
  if (fence === -1) return { message: description };
  const message = fence === 0 ? "" : description.slice(0, fence - 1);
  const closed = description.endsWith("\n```") && description.length >= fence + 8;
  return { message, code: description.slice(fence + 4, description.length - 4), ...(closed ? {} : { malformed: true }) };
}

/**
 * Every broken rule of Discord's execute-webhook contract in one message, as text (plain
 * checks, one chai assertion by the caller: a thousand runs stay fast).
 */
function limitProblems(message: OutgoingMessage<DiscordWebhookBody>): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, problem: string): void => {
    if (!ok) problems.push(problem);
  };
  const within = (value: number, low: number, high: number): boolean => value >= low && value <= high;
  const body = message.body;
  check(!("content" in body), "content sent");
  check(JSON.stringify(body.allowed_mentions) === '{"parse":[]}', "allowed_mentions is not { parse: [] }");
  check(within(body.embeds.length, 1, DISCORD_LIMITS.embeds), `${body.embeds.length} embeds`);
  let total = 0;
  for (const embed of body.embeds) {
    total += embedSize(embed);
    check(within(embed.title.length, 1, DISCORD_LIMITS.title) && embed.title.trim() !== "", `title ${JSON.stringify(embed.title)}`);
    check(Number.isInteger(embed.color) && within(embed.color, 0, 0xffffff), `color ${embed.color}`);
    check(within(embed.footer.text.length, 1, DISCORD_LIMITS.footer), "footer length");
    if (embed.description !== undefined) {
      check(within(embed.description.length, 1, DISCORD_LIMITS.description), `description length ${embed.description.length}`);
      check(embed.description.trim() !== "", "blank description");
      const { message: text, code, malformed } = splitDescription(embed.description);
      check(malformed === undefined, `malformed code block in ${JSON.stringify(embed.description)}`);
      const live = liveMarkdown(text);
      check(live === undefined, `description: ${live}`);
      if (code !== undefined) check(!code.includes("```"), `fence inside the code block: ${JSON.stringify(code)}`);
    }
    if (embed.timestamp !== undefined) {
      check(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(embed.timestamp), `timestamp ${embed.timestamp}`);
    }
    const fields = embed.fields ?? [];
    check(fields.length <= DISCORD_LIMITS.fields, `${fields.length} fields`);
    for (const field of fields) {
      check(within(field.name.length, 1, DISCORD_LIMITS.fieldName) && field.name.trim() !== "", `field name ${JSON.stringify(field.name)}`);
      check(within(field.value.length, 1, DISCORD_LIMITS.fieldValue) && field.value.trim() !== "", `field value ${JSON.stringify(field.value)}`);
      const live = liveMarkdown(field.name) ?? liveMarkdown(field.value.replace(/, …$/, ""));
      check(live === undefined, `field: ${live}`);
    }
    const titleLive = liveMarkdown(embed.title);
    check(titleLive === undefined, `title: ${titleLive}`);
    for (const text of strings(embed)) check(isWellFormed(text), `lone surrogate in ${JSON.stringify(text)}`);
  }
  check(total <= DISCORD_LIMITS.total, `${total} characters in the message`);
  return problems;
}

function assertWithinLimits(message: OutgoingMessage<DiscordWebhookBody>): void {
  expect(limitProblems(message)).to.deep.equal([]);
}

function strings(embed: DiscordEmbed): string[] {
  return [embed.title, embed.description ?? "", embed.footer.text, ...(embed.fields ?? []).flatMap((f) => [f.name, f.value])];
}

/** Each record index appears in exactly one message, in order. */
function assertEveryRecordOnce(messages: readonly OutgoingMessage<unknown>[], count: number): void {
  expect(messages.flatMap((m) => m.records)).to.deep.equal(Array.from({ length: count }, (_, i) => i));
}

describe("format/discord discordMessages", () => {
  describe("exact payloads", () => {
    it("the product page's example", () => {
      expect(discordMessages([rec({ extra: { timeout_ms: 5000 } })])).to.deep.equal([
        {
          body: {
            embeds: [
              {
                title: "ERROR · myapp",
                description: "Database query timed out",
                color: 0xed4245,
                fields: [{ name: "timeout\\_ms", value: "5000" }],
                footer: { text: "flowlog" },
                timestamp: TIMESTAMP,
              },
            ],
            allowed_mentions: { parse: [] },
          },
          records: [0],
        },
      ]);
    });

    it("no extra: no fields key", () => {
      expect(only(rec({ level: "INFO", msg: "Server started" }))).to.deep.equal({
        embeds: [{ title: "INFO · myapp", description: "Server started", color: 0x5865f2, footer: { text: "flowlog" }, timestamp: TIMESTAMP }],
        allowed_mentions: { parse: [] },
      });
    });

    it("the exception in a code block after the message", () => {
      expect(only(rec({ exc: BOOM })).embeds[0].description).to.equal(
        "Database query timed out\n```\nTypeError: boom\n    at handler (/app/src/handler.js:10:5)\n    at main (/app/src/main.js:3:1)\n```",
      );
    });

    it("an exception and an empty message: the code block alone", () => {
      expect(only(rec({ msg: "", exc: { type: "Error", message: "x" } })).embeds[0].description).to.equal("```\nError: x\n```");
    });

    it("an empty message and no exception: no description", () => {
      expect(only(rec({ msg: "  " })).embeds[0]).not.to.have.property("description");
    });

    it("a coalesced record: the repeat note in the footer", () => {
      const body = only(rec({ repeated: { count: 37, since: T0 - 60_000 } }));
      expect(body.embeds[0].footer).to.deep.equal({ text: "flowlog · ×37 in the last 60 s" });
    });

    it("colour by level", () => {
      const colours = Object.fromEntries(LEVEL_NAMES.map((level) => [level, only(rec({ level })).embeds[0].color]));
      expect(colours).to.deep.equal({
        DEBUG: 0x95a5a6,
        INFO: 0x5865f2,
        AUDIT: 0x3498db,
        WEBHOOK: 0x1abc9c,
        WARNING: 0xfee75c,
        SECURITY: 0x9b59b6,
        ERROR: 0xed4245,
        DEPLOY: 0x57f287,
        CRITICAL: 0x992d22,
      });
    });

    it("a time Discord cannot take: no timestamp", () => {
      expect(only(rec({ time: Number.NaN })).embeds[0]).not.to.have.property("timestamp");
      expect(only(rec({ time: 8.64e15 })).embeds[0]).not.to.have.property("timestamp");
      expect(only(rec({ time: 0 })).embeds[0].timestamp).to.equal("1970-01-01T00:00:00.000Z");
    });

    it("a blank key or value: a zero-width space stands in", () => {
      expect(only(rec({ extra: { "": "x", "  ": 1 } })).embeds[0].fields).to.deep.equal([
        { name: ZWSP, value: '"x"' },
        { name: ZWSP, value: "1" },
      ]);
    });

    it("an empty batch: no message", () => {
      expect(discordMessages([])).to.deep.equal([]);
    });
  });

  describe("username", () => {
    const cases: [string, string, string | undefined][] = [
      ["kept as configured", "Alerts", "Alerts"],
      ["'discord' removed", "My Discord Bot", "My Bot"],
      ["'clyde' in any case removed, nothing left: omitted", "CLYDE", undefined],
      ["removed until none is left", "x disclydecord", "x"],
      ["controls removed", "a\r\nb\x1b", "a b"],
      ["cut to 80", "n".repeat(100), "n".repeat(80)],
      ["blank: omitted", "   ", undefined],
    ];
    for (const [name, configured, expected] of cases) {
      it(name, () => {
        expect(discordUsername(configured)).to.equal(expected);
        const body = only(rec(), { username: configured });
        if (expected === undefined) expect(body).not.to.have.property("username");
        else expect(body.username).to.equal(expected);
      });
    }

    it("omitted unless configured", () => {
      expect(only(rec())).not.to.have.property("username");
    });
  });

  describe("hostile input", () => {
    it("mentions ping nobody and do not look like mentions", () => {
      const body = only(rec({ msg: "@everyone @here <@123> <@&456> @EVERYONE" }));
      expect(body.allowed_mentions).to.deep.equal({ parse: [] });
      expect(body.embeds[0].description).to.equal(
        `@${ZWSP}everyone @${ZWSP}here \\<@123\\> \\<@&456\\> @${ZWSP}EVERYONE`,
      );
    });

    it("mentions in the logger, extra and exception", () => {
      const body = only(rec({ logger: "@here", extra: { "@everyone": "@here" }, exc: { type: "E", message: "@everyone" } }));
      const embed = body.embeds[0];
      expect(embed.title).to.equal(`ERROR · @${ZWSP}here`);
      expect(embed.fields).to.deep.equal([{ name: `@${ZWSP}everyone`, value: `"@${ZWSP}here"` }]);
      expect(embed.description).to.include(`E: @${ZWSP}everyone`);
    });

    it("markdown and masked links stay text", () => {
      const body = only(rec({ msg: "*bold* _x_ [click](http://evil) `code` | pipe ~~s~~ # h > q - l" }));
      expect(body.embeds[0].description).to.equal(
        "\\*bold\\* \\_x\\_ \\[click\\]\\(http\\://evil\\) \\`code\\` \\| pipe \\~\\~s\\~\\~ \\# h \\> q \\- l",
      );
      assertInert(body.embeds[0].description!);
    });

    it("HTML is plain text to Discord", () => {
      const body = only(rec({ msg: '<b>x</b><a href="javascript:alert(1)">y</a> & <script>' }));
      expect(body.embeds[0].description).to.equal('\\<b\\>x\\</b\\>\\<a href="javascript\\:alert\\(1\\)"\\>y\\</a\\> & \\<script\\>');
    });

    it("no user text can close the exception's code block", () => {
      const exc = { type: "Error", message: "```\n@everyone\n```", stack: "at ``` (x)" };
      const description = only(rec({ exc })).embeds[0].description!;
      const { code } = splitDescription(description);
      expect(code).not.to.include("```");
      expect(description.match(/```/g)).to.have.length(2);
      expect(code).to.include(`\`${ZWSP}\`${ZWSP}\`${ZWSP}`);
    });

    it("a 10,000-character message is cut to 4096 with a marker", () => {
      const description = only(rec({ msg: "a".repeat(10_000) })).embeds[0].description!;
      expect(description).to.have.length(DISCORD_LIMITS.description);
      expect(description).to.equal(`${"a".repeat(4082)}…[+5918 chars]`);
    });

    it("the cut never leaves half an escape or half a surrogate pair", () => {
      const description = only(rec({ msg: "_😀".repeat(5000) })).embeds[0].description!;
      expect(description.length).to.be.at.most(DISCORD_LIMITS.description);
      assertInert(description);
      expect(isWellFormed(description)).to.equal(true);
    });

    it("a long message and a long exception share the description", () => {
      const description = only(rec({ msg: "m".repeat(5000), exc: { type: "E", message: "e".repeat(5000) } })).embeds[0]
        .description!;
      expect(description).to.have.length(DISCORD_LIMITS.description);
      const { message, code } = splitDescription(description);
      expect(message).to.match(/^m+…\[\+\d+ chars\]$/);
      expect(code).to.match(/^E: e+…\[\+\d+ chars\]$/);
      expect(message.length).to.be.at.least(2000);
      expect(code!.length).to.be.at.least(2000);
    });

    it("a 100-key nested extra: 25 fields, the last says +76 more, within 6000", () => {
      const extra = Object.fromEntries(
        Array.from({ length: 100 }, (_, i) => [`key${i}`, { nested: { deep: "v".repeat(2000) }, list: [i] }]),
      );
      const messages = discordMessages([rec({ msg: "x".repeat(10_000), extra })]);
      expect(messages).to.have.length(1);
      assertWithinLimits(messages[0]);
      const embed = messages[0].body.embeds[0];
      expect(embed.fields).to.have.length(25);
      expect(embed.fields![0].name).to.equal("key0");
      expect(embed.fields![0].value).to.match(/^\{"nested"\\:\{"deep"\\:"v+…\[\+\d+ chars\]$/);
      expect(embed.fields![24].name).to.equal("+76 more");
      expect(embed.fields![24].value).to.match(/^key24, key25, key26, /);
      expect(embedSize(embed)).to.be.within(5500, DISCORD_LIMITS.total);
      expect(embed.description!.length).to.be.at.least(2500);
    });

    it("over 25 keys with short values: 24 fields in full and +N more", () => {
      const extra = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`k${i}`, i]));
      const fields = only(rec({ extra })).embeds[0].fields!;
      expect(fields.slice(0, 24)).to.deep.equal(Array.from({ length: 24 }, (_, i) => ({ name: `k${i}`, value: String(i) })));
      expect(fields[24]).to.deep.equal({ name: "+6 more", value: "k24, k25, k26, k27, k28, k29" });
    });

    it("exactly 25 keys: 25 fields, no +N more", () => {
      const extra = Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`k${i}`, i]));
      const fields = only(rec({ extra })).embeds[0].fields!;
      expect(fields).to.have.length(25);
      expect(fields[24]).to.deep.equal({ name: "k24", value: "24" });
    });

    it("long key names and values are cut to 256 and 1024 with a marker", () => {
      const field = only(rec({ extra: { ["k".repeat(300)]: "v".repeat(2000) } })).embeds[0].fields![0];
      expect(field.name).to.equal(`${"k".repeat(244)}…[+56 chars]`);
      expect(field.value).to.have.length(1024);
      expect(field.value).to.match(/^"v+…\[\+\d+ chars\]$/);
    });

    it("a long logger is cut in the title", () => {
      const title = only(rec({ logger: "l".repeat(1000) })).embeds[0].title;
      expect(title).to.have.length(DISCORD_LIMITS.title);
      expect(title).to.match(/^ERROR · l+…\[\+\d+ chars\]$/);
    });
  });

  describe("packing records into messages", () => {
    it("up to 10 small records share a message", () => {
      const records = Array.from({ length: 12 }, (_, i) => rec({ msg: `m${i}` }));
      const messages = discordMessages(records);
      expect(messages.map((m) => m.records)).to.deep.equal([[0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [10, 11]]);
      expect(messages[1].body.embeds.map((e) => e.description)).to.deep.equal(["m10", "m11"]);
      for (const message of messages) assertWithinLimits(message);
    });

    it("two records that would pass 6000 together go in two messages", () => {
      const records = [rec({ msg: "a".repeat(3500) }), rec({ msg: "b".repeat(3000) }), rec({ msg: "c" })];
      const messages = discordMessages(records);
      expect(messages.map((m) => m.records)).to.deep.equal([[0], [1, 2]]);
      for (const message of messages) assertWithinLimits(message);
    });

    it("every message carries allowed_mentions and the username", () => {
      const records = Array.from({ length: 25 }, () => rec({ msg: "@everyone" }));
      const messages = discordMessages(records, { username: "Ops" });
      expect(messages).to.have.length(3);
      for (const message of messages) {
        expect(message.body.allowed_mentions).to.deep.equal({ parse: [] });
        expect(message.body.username).to.equal("Ops");
      }
    });
  });

  describe("properties", function () {
    this.timeout(120_000);
    const hugeText = fc
      .tuple(hostileText, fc.integer({ min: 100, max: 10_000 }))
      .map(([piece, length]) => (piece === "" ? "x" : piece).repeat(Math.ceil(length / Math.max(1, piece.length))).slice(0, length));
    const hugeRecord = fc
      .tuple(hostileRecord, hugeText, fc.integer({ min: 0, max: 120 }))
      .map(([record, msg, keys]): LogRecord => ({
        ...record,
        msg,
        extra: Object.fromEntries(Array.from({ length: keys }, (_, i) => [`${msg.slice(0, 300)}${i}`, { v: msg.slice(0, 1500) }])),
      }));
    const batch = fc.array(fc.oneof({ weight: 9, arbitrary: hostileRecord }, { weight: 1, arbitrary: hugeRecord }), { maxLength: 12 });

    it("every message keeps every limit, every record is sent once, nothing throws", () => {
      fc.assert(
        fc.property(batch, fc.option(hostileText, { nil: undefined }), (records, username) => {
          const messages = discordMessages(records, username === undefined ? {} : { username });
          assertEveryRecordOnce(messages, records.length);
          for (const message of messages) {
            assertWithinLimits(message);
            const name = message.body.username;
            if (name !== undefined) {
              expect(name.length).to.be.within(1, DISCORD_LIMITS.username);
              expect(/discord|clyde/i.test(name)).to.equal(false);
            }
          }
        }),
        { numRuns: PROPERTY_RUNS },
      );
    });

    it("escapeDiscordMarkdown leaves nothing live, for any text", () => {
      fc.assert(
        fc.property(hostileText, (text) => assertInert(escapeDiscordMarkdown(text))),
        { numRuns: PROPERTY_RUNS },
      );
    });
  });
});
