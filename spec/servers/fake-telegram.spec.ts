import assert from "node:assert/strict";
import {
  DEFAULT_CHAT_ID,
  DEFAULT_GROUP_ID,
  FakeTelegram,
  escapeTelegramHtml,
  parseTelegramHtml,
} from "../helpers/servers/index.js";
import { call, sleep, type CallResult } from "./http-client.js";

describe("FakeTelegram (Bot API sendMessage emulator)", () => {
  let tg: FakeTelegram;
  const sendHtml = (text: string, extra: Record<string, unknown> = {}): Promise<CallResult> =>
    call(tg.methodUrl(), { json: { chat_id: DEFAULT_CHAT_ID, text, parse_mode: "HTML", ...extra } });
  const expectError = (res: CallResult, code: number, description: string) => {
    assert.equal(res.status, code);
    assert.equal(res.headers["content-type"], "application/json");
    assert.equal(res.json.ok, false);
    assert.equal(res.json.error_code, code);
    assert.equal(res.json.description, description);
  };

  beforeEach(async () => {
    tg = await FakeTelegram.start({ migrated: { "-4001": -1009999999999 }, blocked: [777], threads: { [DEFAULT_GROUP_ID]: [5] } });
  });
  afterEach(async () => {
    await tg.close();
  });

  it("gives URLs on 127.0.0.1 in Telegram's /bot<token>/<method> form", () => {
    assert.equal(tg.apiBase, `http://127.0.0.1:${tg.port}`);
    assert.equal(tg.methodUrl(), `http://127.0.0.1:${tg.port}/bot${tg.token}/sendMessage`);
  });

  it("accepts valid HTML: 200 with the visible text, entities and chat; records the message", async () => {
    const res = await sendHtml('<b>ERROR</b> app.db: <i>connection</i> <a href="https://x.test/?a=1&amp;b=2">refused</a>');
    assert.equal(res.status, 200);
    assert.equal(res.headers["content-type"], "application/json");
    assert.equal(res.json.ok, true);
    assert.equal(res.json.result.message_id, 1);
    assert.deepEqual(res.json.result.chat, { id: DEFAULT_CHAT_ID, type: "private" });
    assert.equal(res.json.result.text, "ERROR app.db: connection refused");
    assert.deepEqual(res.json.result.entities, [
      { type: "bold", offset: 0, length: 5 },
      { type: "italic", offset: 14, length: 10 },
      { type: "text_link", offset: 25, length: 7, url: "https://x.test/?a=1&b=2" },
    ]);
    assert.equal(res.json.result.from.is_bot, true);
    assert.equal(tg.messages.length, 1);
    assert.equal(tg.messages[0].text, "ERROR app.db: connection refused");
    assert.equal(tg.messages[0].chatId, String(DEFAULT_CHAT_ID));
    assert.equal(tg.messages[0].parseMode, "HTML");
    assert.equal(tg.messages[0].encoding, "json");
  });

  it("refuses an unescaped <script> with the byte offset of the tag", async () => {
    const res = await sendHtml("héllo <script>alert(1)</script>");
    expectError(res, 400, 'Bad Request: can\'t parse entities: Unsupported start tag "script" at byte offset 7');
    assert.equal(tg.messages.length, 0);
  });

  it("refuses an unescaped 'a < b && c > d'", async () => {
    expectError(await sendHtml("a < b && c > d"), 400, 'Bad Request: can\'t parse entities: Unsupported start tag "" at byte offset 2');
  });

  it("accepts the same text escaped, and the visible text equals the original (S2)", async () => {
    const hostile = '<b>x</b><a href="javascript:alert(1)">y</a> & <script> a < b && c > d "q"';
    const res = await sendHtml(`<b>ERROR</b> ${escapeTelegramHtml(hostile)}`);
    assert.equal(res.status, 200);
    assert.equal(tg.messages[0].text, `ERROR ${hostile}`);
    assert.deepEqual(tg.messages[0].entities, [{ type: "bold", offset: 0, length: 5 }]);
  });

  it("refuses unbalanced and mismatched tags", async () => {
    expectError(await sendHtml("<b>open"), 400, 'Bad Request: can\'t parse entities: Can\'t find end tag corresponding to start tag "b"');
    expectError(
      await sendHtml("<b><i>x</b></i>"),
      400,
      'Bad Request: can\'t parse entities: Unmatched end tag at byte offset 7, expected "</i>", found "</b>"',
    );
    expectError(await sendHtml("x</b>"), 400, "Bad Request: can't parse entities: Unexpected end tag at byte offset 1");
    expectError(await sendHtml("<b"), 400, "Bad Request: can't parse entities: Unclosed start tag at byte offset 0");
    expectError(await sendHtml('<span class="bold">x</span>'), 400, 'Bad Request: can\'t parse entities: Tag "span" must have class "tg-spoiler" at byte offset 0');
    expectError(await sendHtml("<pre><b>x</b></pre>"), 400, 'Bad Request: can\'t parse entities: Entity "b" can\'t be nested in "pre" at byte offset 5');
    expectError(
      await sendHtml("<blockquote>a<blockquote>b</blockquote></blockquote>"),
      400,
      "Bad Request: can't parse entities: Blockquote entities can't be nested at byte offset 13",
    );
    assert.equal(tg.messages.length, 0);
  });

  it("accepts every supported tag, properly nested", async () => {
    const html =
      "<b>b</b><strong>s</strong><i>i</i><em>e</em><u>u</u><ins>n</ins><s>s</s><strike>k</strike><del>d</del>" +
      '<span class="tg-spoiler">p</span><tg-spoiler>q</tg-spoiler><a href="tg://user?id=1">m</a>' +
      '<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji><code>c</code>' +
      '<pre><code class="language-json">{}</code></pre><blockquote expandable>quote <b>bold</b></blockquote>';
    const res = await sendHtml(html);
    assert.equal(res.status, 200, res.text);
    assert.equal(tg.messages[0].text, "bsieunskdpqm👍c{}quote bold");
    const types = tg.messages[0].entities.map((e) => e.type);
    assert.deepEqual(types, [
      "bold",
      "bold",
      "italic",
      "italic",
      "underline",
      "underline",
      "strikethrough",
      "strikethrough",
      "strikethrough",
      "spoiler",
      "spoiler",
      "text_mention",
      "custom_emoji",
      "code",
      "pre",
      "expandable_blockquote",
      "bold",
    ]);
    assert.equal(tg.messages[0].entities.find((e) => e.type === "pre")?.language, "json");
  });

  it("only lt, gt, amp, quot and numeric entities: &nbsp; and &apos; get 400, &#160; passes", async () => {
    expectError(await sendHtml("a&nbsp;b"), 400, 'Bad Request: can\'t parse entities: Unsupported HTML entity "&nbsp;" at byte offset 1');
    expectError(await sendHtml("it&apos;s"), 400, 'Bad Request: can\'t parse entities: Unsupported HTML entity "&apos;" at byte offset 2');
    expectError(await sendHtml("fish & chips"), 400, 'Bad Request: can\'t parse entities: Character "&" must be escaped as "&amp;" at byte offset 5');
    const ok = await sendHtml("a&#160;b &#x41; &lt;&gt;&amp;&quot;");
    assert.equal(ok.status, 200);
    assert.equal(tg.messages[0].text, 'a\u00a0b A <>&"');
  });

  it("4097 visible characters get 'message is too long'; 5000 raw with 4096 visible pass", async () => {
    expectError(await sendHtml("x".repeat(4097)), 400, "Bad Request: message is too long");
    const raw = `<b>${"x".repeat(2000)}</b>${"&amp;".repeat(96)}<i>${"y".repeat(2000)}</i>`;
    assert.ok(raw.length >= 2500);
    const res = await sendHtml(raw);
    assert.equal(res.status, 200);
    assert.equal(tg.messages[0].text.length, 4096);
    const fiveThousand = `<b>${"&lt;".repeat(299)}${"z".repeat(3797)}</b>`;
    assert.equal(fiveThousand.length, 5000);
    assert.equal((await sendHtml(fiveThousand)).status, 200);
    assert.equal(tg.messages[1].text.length, 4096);
  });

  it("counts UTF-16 units: 2048 emoji pass, 2049 do not", async () => {
    assert.equal((await sendHtml("😀".repeat(2048))).status, 200);
    expectError(await sendHtml("😀".repeat(2049)), 400, "Bad Request: message is too long");
  });

  it("empty text, blank text or only tags get 'message text is empty'", async () => {
    expectError(await sendHtml(""), 400, "Bad Request: message text is empty");
    expectError(await sendHtml("   \n "), 400, "Bad Request: message text is empty");
    expectError(await sendHtml("<b></b><i> </i>"), 400, "Bad Request: message text is empty");
    expectError(await call(tg.methodUrl(), { json: { chat_id: DEFAULT_CHAT_ID } }), 400, "Bad Request: message text is empty");
  });

  it("a wrong token gets 401 Unauthorized with the exact body", async () => {
    const res = await call(tg.methodUrl("sendMessage", "123:wrong"), { json: { chat_id: DEFAULT_CHAT_ID, text: "x" } });
    assert.equal(res.status, 401);
    assert.deepEqual(res.json, { ok: false, error_code: 401, description: "Unauthorized" });
  });

  it("unknown chat, missing chat_id, blocked user, unknown thread", async () => {
    expectError(await sendHtml("x", { chat_id: 5555 }), 400, "Bad Request: chat not found");
    expectError(await call(tg.methodUrl(), { json: { text: "x" } }), 400, "Bad Request: chat_id is empty");
    expectError(await sendHtml("x", { chat_id: 777 }), 403, "Forbidden: bot was blocked by the user");
    expectError(await sendHtml("x", { chat_id: DEFAULT_GROUP_ID, message_thread_id: 6 }), 400, "Bad Request: message thread not found");
    assert.equal(tg.messages.length, 0);
  });

  it("a migrated group gets 400 with parameters.migrate_to_chat_id; the new id works", async () => {
    const res = await sendHtml("x", { chat_id: -4001 });
    assert.equal(res.status, 400);
    assert.deepEqual(res.json, {
      ok: false,
      error_code: 400,
      description: "Bad Request: group chat was upgraded to a supergroup chat",
      parameters: { migrate_to_chat_id: -1009999999999 },
    });
    const moved = await sendHtml("x", { chat_id: res.json.parameters.migrate_to_chat_id });
    assert.equal(moved.status, 200);
    assert.deepEqual(moved.json.result.chat, { id: -1009999999999, type: "supergroup" });
  });

  it("records message_thread_id, disable_notification and link_preview_options from a form body", async () => {
    const res = await call(tg.methodUrl(), {
      form: {
        chat_id: String(DEFAULT_GROUP_ID),
        text: "<b>x</b> &amp; y",
        parse_mode: "HTML",
        message_thread_id: "5",
        disable_notification: "true",
        link_preview_options: JSON.stringify({ is_disabled: true }),
      },
    });
    assert.equal(res.status, 200);
    assert.equal(res.json.result.message_thread_id, 5);
    const [m] = tg.messages;
    assert.equal(m.encoding, "form");
    assert.equal(m.text, "x & y");
    assert.equal(m.messageThreadId, 5);
    assert.equal(m.disableNotification, true);
    assert.deepEqual(m.linkPreviewOptions, { is_disabled: true });
    assert.equal(m.legacyDisableWebPagePreview, false);
  });

  it("accepts JSON, form and query-string parameters alike; flags the legacy preview flag", async () => {
    assert.equal((await call(tg.methodUrl(), { json: { chat_id: DEFAULT_CHAT_ID, text: "json", link_preview_options: { is_disabled: true } } })).status, 200);
    assert.equal((await call(tg.methodUrl(), { form: { chat_id: String(DEFAULT_CHAT_ID), text: "form", disable_web_page_preview: "true" } })).status, 200);
    assert.equal((await call(`${tg.methodUrl()}?chat_id=${DEFAULT_CHAT_ID}&text=query`, { method: "GET" })).status, 200);
    assert.deepEqual(
      tg.messages.map((m) => [m.text, m.encoding, m.legacyDisableWebPagePreview]),
      [
        ["json", "json", false],
        ["form", "form", true],
        ["query", "query", false],
      ],
    );
    assert.deepEqual(tg.messages[0].linkPreviewOptions, { is_disabled: true });
  });

  it("method names are case-insensitive; unknown methods and paths get 404; other parse modes 400", async () => {
    assert.equal((await call(tg.methodUrl("SENDMESSAGE"), { json: { chat_id: DEFAULT_CHAT_ID, text: "x" } })).status, 200);
    expectError(await call(tg.methodUrl("sendPhoto"), { json: {} }), 404, "Not Found: method not found");
    expectError(await call(`${tg.url}/sendMessage`, { json: {} }), 404, "Not Found");
    expectError(await sendHtml("*x*", { parse_mode: "MarkdownV2" }), 400, "Bad Request: unsupported parse_mode");
    const me = await call(tg.methodUrl("getMe"), { method: "GET" });
    assert.equal(me.json.result.is_bot, true);
  });

  it("status equals error_code and Content-Type is JSON on every answer", async () => {
    const answers = [
      await sendHtml("ok"),
      await sendHtml("<x>"),
      await call(tg.methodUrl("sendMessage", "0:bad"), { json: {} }),
      await sendHtml("x", { chat_id: 777 }),
      await call(`${tg.url}/nope`, { json: {} }),
    ];
    for (const res of answers) {
      assert.equal(res.headers["content-type"], "application/json");
      if (res.json.ok) assert.equal(res.status, 200);
      else assert.equal(res.status, res.json.error_code);
    }
    assert.deepEqual(
      answers.map((a) => a.status),
      [200, 400, 401, 403, 404],
    );
  });

  it("rateLimit: 429 'retry after N' with parameters.retry_after and Retry-After; early retry is a violation", async () => {
    tg.rateLimit({ retryAfterSec: 1 });
    const res = await sendHtml("x");
    assert.equal(res.status, 429);
    assert.equal(res.headers["retry-after"], "1");
    assert.deepEqual(res.json, {
      ok: false,
      error_code: 429,
      description: "Too Many Requests: retry after 1",
      parameters: { retry_after: 1 },
    });
    const early = await sendHtml("x");
    assert.equal(early.status, 429);
    assert.equal(tg.violations.length, 1);
    assert.equal(tg.violations[0].bucket, `chat:${DEFAULT_CHAT_ID}`);
    // another chat is not blocked by this chat's flood wait
    assert.equal((await sendHtml("x", { chat_id: DEFAULT_GROUP_ID })).status, 200);
    assert.equal(tg.violations.length, 1);
    await sleep(1010);
    assert.equal((await sendHtml("x")).status, 200);
    assert.equal(tg.violations.length, 1);
  });

  it("flood control: the second message to a chat within 1 s gets 429 retry_after 1; a patient sender is fine", async () => {
    await tg.close();
    tg = await FakeTelegram.start({ flood: { perChatIntervalMs: 1000 } });
    assert.equal((await sendHtml("first")).status, 200);
    const second = await sendHtml("second");
    assert.equal(second.status, 429);
    assert.equal(second.json.parameters.retry_after, 1);
    assert.equal(second.headers["retry-after"], "1");
    assert.deepEqual(tg.violations, []);
    await sleep(1010);
    assert.equal((await sendHtml("second")).status, 200);
    assert.deepEqual(tg.violations, []);
    assert.deepEqual(
      tg.messages.map((m) => m.text),
      ["first", "second"],
    );
  });

  it("parseTelegramHtml keeps entity offsets in UTF-16 units after trimming", () => {
    const parsed = parseTelegramHtml("  😀 <b>bold</b>  ");
    assert.deepEqual(parsed, { ok: true, text: "😀 bold", entities: [{ type: "bold", offset: 3, length: 4 }] });
  });

  it("close() leaves 0 connections", async () => {
    await sendHtml("x");
    await tg.close();
    assert.equal(await tg.getConnections(), 0);
  });
});
