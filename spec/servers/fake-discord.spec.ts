import assert from "node:assert/strict";
import { FakeDiscord, pingsAnyone, type DiscordEmbed, type DiscordPayload } from "../helpers/servers/index.js";
import { call, sleep, type CallResult } from "./http-client.js";

const x = (n: number, ch = "x") => ch.repeat(n);

/** The first leaf error code at a path of a 50035 body. */
function leafCode(body: any, path: Array<string | number>): string | undefined {
  let node = body?.errors;
  for (const key of path) node = node?.[String(key)];
  return node?._errors?.[0]?.code;
}

describe("FakeDiscord (Execute Webhook emulator)", () => {
  let discord: FakeDiscord;
  const send = (payload: unknown, query = ""): Promise<CallResult> => call(`${discord.webhookUrl()}${query}`, { json: payload });

  beforeEach(async () => {
    discord = await FakeDiscord.start();
  });
  afterEach(async () => {
    await discord.close();
  });

  it("gives webhook URLs on 127.0.0.1, with and without an API version", () => {
    assert.equal(discord.webhookUrl(), `http://127.0.0.1:${discord.port}/api/webhooks/${discord.webhookId}/${discord.webhookToken}`);
    assert.equal(discord.webhookUrl({ version: 10 }), `http://127.0.0.1:${discord.port}/api/v10/webhooks/${discord.webhookId}/${discord.webhookToken}`);
    assert.equal(discord.apiBase, `http://127.0.0.1:${discord.port}/api`);
  });

  it("accepts a valid payload with 204 and an empty body, and records it", async () => {
    const payload = {
      content: "disk almost full",
      allowed_mentions: { parse: [] },
      embeds: [
        {
          title: "ERROR app.db",
          description: "connection refused",
          color: 0xed4245,
          timestamp: new Date().toISOString(),
          fields: [{ name: "host", value: "db1", inline: true }],
          footer: { text: "flowlog" },
          author: { name: "app" },
        },
      ],
    };
    const res = await send(payload);
    assert.equal(res.status, 204);
    assert.equal(res.text, "");
    assert.equal(res.headers["x-ratelimit-limit"], "1000");
    assert.ok("x-ratelimit-remaining" in res.headers && "x-ratelimit-reset-after" in res.headers && "x-ratelimit-bucket" in res.headers);
    assert.deepEqual(discord.messages, [payload]);
    assert.equal(discord.deliveries[0].webhookId, discord.webhookId);
    assert.equal(discord.deliveries[0].wait, false);
    assert.match(discord.deliveries[0].id, /^\d{17,20}$/);
  });

  it("accepts /api/v10/ paths too", async () => {
    const res = await call(discord.webhookUrl({ version: 10 }), { json: { content: "v10" } });
    assert.equal(res.status, 204);
    assert.equal(discord.messages.length, 1);
  });

  for (const spelling of ["true", "True", "1"]) {
    it(`wait=${spelling} answers 200 with the created message`, async () => {
      const res = await send({ content: "hello" }, `?wait=${spelling}`);
      assert.equal(res.status, 200);
      assert.match(res.json.id, /^\d+$/);
      assert.equal(res.json.content, "hello");
      assert.equal(res.json.webhook_id, discord.webhookId);
      assert.equal(res.json.id, discord.deliveries[0].id);
      assert.equal(discord.deliveries[0].wait, true);
    });
  }

  for (const spelling of ["false", "False", "0"]) {
    it(`wait=${spelling} answers 204`, async () => {
      assert.equal((await send({ content: "hello" }, `?wait=${spelling}`)).status, 204);
    });
  }

  it("refuses a wait value that is not a boolean spelling", async () => {
    const res = await send({ content: "hello" }, "?wait=yes");
    assert.equal(res.status, 400);
    assert.equal(res.json.code, 50035);
    assert.equal(leafCode(res.json, ["wait"]), "BASE_TYPE_BOOLEAN");
    assert.equal(discord.messages.length, 0);
  });

  it("an embed description of 5000 gets 400 50035 BASE_TYPE_MAX_LENGTH at embeds.0.description; 4096 passes", async () => {
    const res = await send({ embeds: [{ description: x(5000) }] });
    assert.equal(res.status, 400);
    assert.equal(res.json.code, 50035);
    assert.equal(res.json.message, "Invalid Form Body");
    assert.deepEqual(res.json.errors, {
      embeds: { "0": { description: { _errors: [{ code: "BASE_TYPE_MAX_LENGTH", message: "Must be 4096 or fewer in length." }] } } },
    });
    assert.equal((await send({ embeds: [{ description: x(4096) }] })).status, 204);
  });

  const embed = (e: DiscordEmbed): DiscordPayload => ({ embeds: [e] });
  const fields = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `f${i}`, value: "v" }));
  const limits: Array<{ name: string; over: DiscordPayload; at: Array<string | number>; limit: DiscordPayload }> = [
    { name: "content 2001", over: { content: x(2001) }, at: ["content"], limit: { content: x(2000) } },
    { name: "title 257", over: embed({ title: x(257) }), at: ["embeds", 0, "title"], limit: embed({ title: x(256) }) },
    {
      name: "field.name 257",
      over: embed({ fields: [{ name: x(257), value: "v" }] }),
      at: ["embeds", 0, "fields", 0, "name"],
      limit: embed({ fields: [{ name: x(256), value: "v" }] }),
    },
    {
      name: "field.value 1025",
      over: embed({ fields: [{ name: "n", value: x(1025) }] }),
      at: ["embeds", 0, "fields", 0, "value"],
      limit: embed({ fields: [{ name: "n", value: x(1024) }] }),
    },
    {
      name: "footer.text 2049",
      over: embed({ footer: { text: x(2049) } }),
      at: ["embeds", 0, "footer", "text"],
      limit: embed({ footer: { text: x(2048) } }),
    },
    {
      name: "author.name 257",
      over: embed({ author: { name: x(257) } }),
      at: ["embeds", 0, "author", "name"],
      limit: embed({ author: { name: x(256) } }),
    },
    { name: "26 fields", over: embed({ fields: fields(26) }), at: ["embeds", 0, "fields"], limit: embed({ fields: fields(25) }) },
    {
      name: "11 embeds",
      over: { embeds: Array.from({ length: 11 }, (_, i) => ({ title: `e${i}` })) },
      at: ["embeds"],
      limit: { embeds: Array.from({ length: 10 }, (_, i) => ({ title: `e${i}` })) },
    },
  ];
  for (const { name, over, at, limit } of limits) {
    it(`${name} gets 400 50035 at ${at.join(".")}; the limit itself passes`, async () => {
      const res = await send(over);
      assert.equal(res.status, 400);
      assert.equal(res.json.code, 50035);
      assert.equal(leafCode(res.json, at), "BASE_TYPE_MAX_LENGTH");
      assert.equal(discord.messages.length, 0);
      assert.equal((await send(limit)).status, 204);
      assert.equal(discord.messages.length, 1);
    });
  }

  it("6000 in total across embeds: 3500 + 3000 gets 400; 3000 + 3000 passes; content is not counted", async () => {
    const res = await send({ embeds: [{ description: x(3500) }, { description: x(3000) }] });
    assert.equal(res.status, 400);
    assert.equal(res.json.code, 50035);
    assert.equal(leafCode(res.json, ["embeds"]), "MAX_EMBED_SIZE_EXCEEDED");
    const ok = await send({ content: x(2000), embeds: [{ description: x(3000) }, { description: x(2990), title: x(10) }] });
    assert.equal(ok.status, 204);
  });

  it("measures limits after trimming: a 256-char title plus trailing spaces passes", async () => {
    assert.equal((await send(embed({ title: `  ${x(256)}    ` }))).status, 204);
  });

  it("counts UTF-16 units: 1000 emoji (2000 units) pass as content, 1001 do not", async () => {
    assert.equal((await send({ content: x(1000, "😀") })).status, 204);
    const res = await send({ content: x(1001, "😀") });
    assert.equal(res.status, 400);
    assert.equal(leafCode(res.json, ["content"]), "BASE_TYPE_MAX_LENGTH");
  });

  it("empty messages get 400 50006: {}, empty content, blank content, no embeds", async () => {
    for (const payload of [{}, { content: "" }, { content: "   " }, { embeds: [] }, { content: "", embeds: [{}] }]) {
      const res = await send(payload);
      assert.equal(res.status, 400, JSON.stringify(payload));
      assert.deepEqual(res.json, { message: "Cannot send an empty message", code: 50006 });
    }
    assert.equal(discord.messages.length, 0);
  });

  it("malformed JSON gets 400 50109; a non-JSON Content-Type gets 400 50035", async () => {
    const bad = await call(discord.webhookUrl(), { body: '{"content": "x"', headers: { "content-type": "application/json" } });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.json, { message: "The request body contains invalid JSON.", code: 50109 });
    const text = await call(discord.webhookUrl(), { body: '{"content":"x"}', headers: { "content-type": "text/plain" } });
    assert.equal(text.status, 400);
    assert.equal(text.json.code, 50035);
    assert.equal(text.json.errors._errors[0].code, "CONTENT_TYPE_INVALID");
    const none = await call(discord.webhookUrl(), { body: '{"content":"x"}' });
    assert.equal(none.status, 400);
    assert.equal(none.json.code, 50035);
    assert.equal(discord.messages.length, 0);
  });

  it("a wrong token gets 401 50027; an unknown webhook 404 10015; a deleted one 404", async () => {
    const wrong = await call(discord.webhookUrl({ token: "not-the-token" }), { json: { content: "x" } });
    assert.equal(wrong.status, 401);
    assert.deepEqual(wrong.json, { message: "Invalid Webhook Token", code: 50027 });
    const unknown = await call(discord.webhookUrl({ id: "1", token: "t" }), { json: { content: "x" } });
    assert.equal(unknown.status, 404);
    assert.deepEqual(unknown.json, { message: "Unknown Webhook", code: 10015 });
    discord.deleteWebhook(discord.webhookId);
    const deleted = await send({ content: "x" });
    assert.equal(deleted.status, 404);
    assert.equal(deleted.json.code, 10015);
    assert.equal(discord.messages.length, 0);
  });

  it("other routes get 404 and other methods 405", async () => {
    assert.equal((await call(`${discord.url}/api/channels/1/messages`, { json: { content: "x" } })).status, 404);
    assert.equal((await call(discord.webhookUrl(), { method: "GET" })).status, 405);
  });

  it("allowed_mentions: parse users together with users is 400 50035; parse [] is recorded", async () => {
    const res = await send({ content: "<@1>", allowed_mentions: { parse: ["users"], users: ["1"] } });
    assert.equal(res.status, 400);
    assert.equal(res.json.code, 50035);
    assert.equal(leafCode(res.json, ["allowed_mentions"]), "MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE");
    const bad = await send({ content: "x", allowed_mentions: { parse: ["channels"] } });
    assert.equal(bad.status, 400);
    assert.equal(leafCode(bad.json, ["allowed_mentions", "parse", 0]), "BASE_TYPE_CHOICES");
    assert.equal((await send({ content: "x", allowed_mentions: { parse: ["users", "roles"], users: [] } })).status, 204);
    assert.equal((await send({ content: "@everyone hi", allowed_mentions: { parse: [] } })).status, 204);
    assert.deepEqual(discord.messages[1].allowed_mentions, { parse: [] });
  });

  it("pingsAnyone: true unless allowed_mentions suppresses the mentions in the text", () => {
    const hostile = "@everyone @here <@123> <@&456>";
    assert.equal(pingsAnyone({ content: hostile }), true);
    assert.equal(pingsAnyone({ content: hostile, allowed_mentions: { parse: [] } }), false);
    assert.equal(pingsAnyone({ content: hostile, allowed_mentions: {} }), false);
    assert.equal(pingsAnyone({ content: "@here", allowed_mentions: { parse: ["everyone"] } }), true);
    assert.equal(pingsAnyone({ content: "<@!123>", allowed_mentions: { parse: ["roles"] } }), false);
    assert.equal(pingsAnyone({ content: "<@123>", allowed_mentions: { parse: [], users: ["123"] } }), true);
    assert.equal(pingsAnyone({ content: "<@&456>", allowed_mentions: { parse: ["roles"] } }), true);
    assert.equal(pingsAnyone({ embeds: [{ fields: [{ name: "who", value: "@everyone" }] }] }), true);
    assert.equal(pingsAnyone({ content: "no mentions here" }), false);
  });

  it("flags: only 4, 4096 and 32768; components v2 forbids content", async () => {
    assert.equal((await send({ content: "quiet", flags: 4096 })).status, 204);
    const bad = await send({ content: "x", flags: 8 });
    assert.equal(bad.status, 400);
    assert.equal(bad.json.code, 50035);
    assert.ok(bad.json.errors.flags);
    const v2 = await send({ content: "x", flags: 32768 });
    assert.equal(v2.status, 400);
    assert.equal(v2.json.code, 50035);
  });

  it("colour must be an integer in 0..0xFFFFFF and timestamp ISO8601", async () => {
    const cases: Array<[DiscordEmbed, string, string]> = [
      [{ title: "t", color: "red" as unknown as number }, "color", "NUMBER_TYPE_COERCE"],
      [{ title: "t", color: 1.5 }, "color", "NUMBER_TYPE_COERCE"],
      [{ title: "t", color: -1 }, "color", "NUMBER_TYPE_MIN"],
      [{ title: "t", color: 0x1000000 }, "color", "NUMBER_TYPE_MAX"],
      [{ title: "t", timestamp: "yesterday" }, "timestamp", "DATE_TIME_TYPE_PARSE"],
      [{ title: "t", timestamp: String(Date.now()) }, "timestamp", "DATE_TIME_TYPE_PARSE"],
    ];
    for (const [e, field, code] of cases) {
      const res = await send(embed(e));
      assert.equal(res.status, 400, JSON.stringify(e));
      assert.equal(leafCode(res.json, ["embeds", 0, field]), code, JSON.stringify(e));
    }
    assert.equal((await send(embed({ title: "t", color: 0xffffff, timestamp: new Date().toISOString() }))).status, 204);
    assert.equal((await send(embed({ title: "t", color: 0, timestamp: "2025-01-01T00:00:00+02:00" }))).status, 204);
  });

  it("field names and values must be non-empty; a username may not contain discord or clyde", async () => {
    const empty = await send(embed({ fields: [{ name: "k", value: "" }] }));
    assert.equal(empty.status, 400);
    assert.equal(leafCode(empty.json, ["embeds", 0, "fields", 0, "value"]), "BASE_TYPE_BAD_LENGTH");
    const missing = await send(embed({ fields: [{ name: "k" } as { name: string; value: string }] }));
    assert.equal(leafCode(missing.json, ["embeds", 0, "fields", 0, "value"]), "BASE_TYPE_REQUIRED");
    const user = await send({ content: "x", username: "My Discord Bot" });
    assert.equal(user.status, 400);
    assert.equal(leafCode(user.json, ["username"]), "USERNAME_INVALID_CONTAINS");
    assert.equal((await send({ content: "x", username: "flowlog" })).status, 204);
  });

  it("rateLimit: 429 with Retry-After, X-RateLimit-* and the body hint; an early retry is a violation", async () => {
    discord.rateLimit({ retryAfterSec: 0.35 });
    const limited = await send({ content: "one" });
    assert.equal(limited.status, 429);
    assert.equal(limited.text, '{"message":"You are being rate limited.","retry_after":0.35,"global":false}');
    assert.equal(limited.headers["content-type"], "application/json");
    assert.equal(limited.headers["retry-after"], "1");
    assert.equal(limited.headers["x-ratelimit-remaining"], "0");
    assert.equal(limited.headers["x-ratelimit-reset-after"], "0.350");
    assert.equal(limited.headers["x-ratelimit-scope"], "user");
    assert.equal(limited.headers["x-ratelimit-global"], undefined);
    assert.ok(limited.headers["x-ratelimit-limit"] && limited.headers["x-ratelimit-reset"] && limited.headers["x-ratelimit-bucket"]);
    assert.equal(discord.messages.length, 0);

    const early = await send({ content: "one" });
    assert.equal(early.status, 429, "an early retry is rate limited again");
    assert.ok(early.json.retry_after > 0 && early.json.retry_after <= 0.35);
    assert.equal(discord.violations.length, 1);
    assert.equal(discord.violations[0].requestIndex, 1);

    await sleep(380);
    assert.equal((await send({ content: "one" })).status, 204);
    assert.equal(discord.violations.length, 1);
    assert.equal(discord.messages.length, 1);
  });

  it("rateLimit(retryAfterSec: 1) shows retry_after 1.0 and a retry that waits is no violation", async () => {
    discord.rateLimit({ retryAfterSec: 1 });
    const limited = await send({ content: "x" });
    assert.equal(limited.text, '{"message":"You are being rate limited.","retry_after":1.0,"global":false}');
    await sleep(1010);
    assert.equal((await send({ content: "x" })).status, 204);
    assert.deepEqual(discord.violations, []);
  });

  it("a global 429 blocks every webhook: a call to another webhook before the hint is a violation", async () => {
    discord.addWebhook("998877", "other-token");
    discord.rateLimit({ retryAfterSec: 0.3, global: true });
    const limited = await send({ content: "x" });
    assert.equal(limited.status, 429);
    assert.equal(limited.json.global, true);
    assert.equal(limited.headers["x-ratelimit-global"], "true");
    assert.equal(limited.headers["x-ratelimit-scope"], "global");
    const other = await call(discord.webhookUrl({ id: "998877" }), { json: { content: "x" } });
    assert.equal(other.status, 429);
    assert.equal(discord.violations.length, 1);
  });

  it("a per-webhook 429 does not block another webhook", async () => {
    discord.addWebhook("998877", "other-token");
    discord.rateLimit({ retryAfterSec: 0.5 });
    assert.equal((await send({ content: "x" })).status, 429);
    assert.equal((await call(discord.webhookUrl({ id: "998877" }), { json: { content: "x" } })).status, 204);
    assert.deepEqual(discord.violations, []);
  });

  it("an enforced bucket reports Remaining 0 and answers 429 over the limit", async () => {
    await discord.close();
    discord = await FakeDiscord.start({ bucket: { limit: 1, windowSec: 0.2, enforce: true } });
    const first = await send({ content: "1" });
    assert.equal(first.status, 204);
    assert.equal(first.headers["x-ratelimit-limit"], "1");
    assert.equal(first.headers["x-ratelimit-remaining"], "0");
    assert.ok(Number(first.headers["x-ratelimit-reset-after"]) <= 0.2);
    const second = await send({ content: "2" });
    assert.equal(second.status, 429);
    assert.ok(second.json.retry_after > 0 && second.json.retry_after <= 0.2);
    assert.equal(discord.messages.length, 1);
  });

  it("script() overrides the emulator for the next requests (503 then normal)", async () => {
    discord.script({ status: 503, body: "upstream" }, { status: 502 });
    assert.equal((await send({ content: "x" })).status, 503);
    assert.equal((await send({ content: "x" })).status, 502);
    assert.equal((await send({ content: "x" })).status, 204);
    assert.equal(discord.messages.length, 1);
    assert.equal(discord.requests.length, 3);
  });

  it("waitForMessages resolves once messages are accepted; close() leaves 0 connections", async () => {
    const waiting = discord.waitForMessages(2, 2000);
    await send({ content: "a" });
    await send({ content: "b" });
    const messages = await waiting;
    assert.deepEqual(
      messages.map((m) => m.content),
      ["a", "b"],
    );
    await discord.close();
    assert.equal(await discord.getConnections(), 0);
  });
});
