import assert from "node:assert/strict";
import { FakeTwilio, SANDBOX_FROM, ScriptedHttp } from "../helpers/servers/index.js";
import { call, sleep, type CallResult } from "./http-client.js";
import { waitUntil } from "../helpers/wait-until.js";

const FROM = "whatsapp:+14155550100";
const TO = "whatsapp:+15552229999";

describe("FakeTwilio (Messages API, WhatsApp emulator)", () => {
  let twilio: FakeTwilio;
  let receiver: ScriptedHttp | undefined;
  const create = (form: Record<string, string>, auth = twilio.basicAuth()): Promise<CallResult> =>
    call(twilio.messagesUrl(), { form, headers: { authorization: auth } });
  const expectError = (res: CallResult, status: number, code: number, message?: string) => {
    assert.equal(res.status, status);
    assert.equal(res.json.code, code);
    assert.equal(res.json.status, status);
    assert.equal(res.json.more_info, `https://www.twilio.com/docs/errors/${code}`);
    if (message !== undefined) assert.equal(res.json.message, message);
  };

  beforeEach(async () => {
    twilio = await FakeTwilio.start();
  });
  afterEach(async () => {
    await twilio.close();
    await receiver?.close();
    receiver = undefined;
  });

  it("gives the Messages URL on 127.0.0.1", () => {
    assert.equal(twilio.apiBase, `http://127.0.0.1:${twilio.port}`);
    assert.equal(twilio.messagesUrl(), `http://127.0.0.1:${twilio.port}/2010-04-01/Accounts/${twilio.accountSid}/Messages.json`);
    assert.match(twilio.accountSid, /^AC[0-9a-f]{32}$/);
  });

  it("a valid form create with Basic auth gets 201 with a queued Message resource", async () => {
    const res = await create({ From: FROM, To: TO, Body: "ERROR app.db: connection refused" });
    assert.equal(res.status, 201);
    assert.equal(res.headers["content-type"], "application/json");
    assert.match(res.json.sid, /^SM[0-9a-f]{32}$/);
    assert.equal(res.json.status, "queued");
    assert.equal(res.json.to, TO);
    assert.equal(res.json.from, FROM);
    assert.equal(res.json.body, "ERROR app.db: connection refused");
    assert.equal(res.json.account_sid, twilio.accountSid);
    assert.equal(res.json.api_version, "2010-04-01");
    assert.equal(res.json.direction, "outbound-api");
    assert.equal(res.json.error_code, null);
    assert.match(res.json.date_created, /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \+0000$/);
    assert.equal(res.json.uri, `/2010-04-01/Accounts/${twilio.accountSid}/Messages/${res.json.sid}.json`);
    assert.equal(twilio.messages.length, 1);
    assert.equal(twilio.messages[0].sid, res.json.sid);
    assert.equal(twilio.messages[0].body, "ERROR app.db: connection refused");
  });

  it("missing or wrong Basic auth gets 401 20003 with Twilio's exact body", async () => {
    const expected = { code: 20003, message: "Authenticate", more_info: "https://www.twilio.com/docs/errors/20003", status: 401 };
    const none = await call(twilio.messagesUrl(), { form: { From: FROM, To: TO, Body: "x" } });
    assert.equal(none.status, 401);
    assert.deepEqual(none.json, expected);
    const wrong = await create({ From: FROM, To: TO, Body: "x" }, twilio.basicAuth(twilio.accountSid, "wrong"));
    assert.equal(wrong.status, 401);
    assert.deepEqual(wrong.json, expected);
    assert.equal(twilio.messages.length, 0);
  });

  it("a path AccountSid that is not the auth user gets 401 20003 (emulator choice)", async () => {
    const other = "AC" + "f".repeat(32);
    const res = await call(twilio.messagesUrl(other), { form: { From: FROM, To: TO, Body: "x" }, headers: { authorization: twilio.basicAuth() } });
    expectError(res, 401, 20003, "Authenticate");
  });

  it("an empty AccountSid in the path gets 404 20404", async () => {
    const res = await call(`${twilio.url}/2010-04-01/Accounts//Messages.json`, { form: {}, headers: { authorization: twilio.basicAuth() } });
    expectError(res, 404, 20404, "The requested resource /2010-04-01/Accounts//Messages.json was not found");
  });

  it("To without whatsapp: and a whatsapp From gets 400 21910", async () => {
    expectError(await create({ From: FROM, To: "+15552229999", Body: "x" }), 400, 21910, "Invalid 'From' and 'To' pair. 'From' and 'To' should be of the same channel");
  });

  it("To=whatsapp:abc gets 400 21211", async () => {
    expectError(await create({ From: FROM, To: "whatsapp:abc", Body: "x" }), 400, 21211, "The 'To' number whatsapp:abc is not a valid phone number.");
    expectError(await create({ From: FROM, To: "whatsapp:15552229999", Body: "x" }), 400, 21211);
  });

  it("a From that is not whatsapp:+E.164 is refused", async () => {
    expectError(await create({ From: "whatsapp:+0123", To: TO, Body: "x" }), 400, 21212);
    expectError(await create({ To: TO, Body: "x" }), 400, 21603, "A 'From' phone number is required.");
  });

  it("Body of 1601 characters gets 400 21617; 1600 passes; emoji count as 2 UTF-16 units", async () => {
    expectError(await create({ From: FROM, To: TO, Body: "x".repeat(1601) }), 400, 21617, "The concatenated message body exceeds the 1600 character limit.");
    assert.equal((await create({ From: FROM, To: TO, Body: "x".repeat(1600) })).status, 201);
    expectError(await create({ From: FROM, To: TO, Body: "😀".repeat(801) }), 400, 21617);
    assert.equal((await create({ From: FROM, To: TO, Body: "😀".repeat(800) })).status, 201);
    assert.equal(twilio.messages.length, 2);
  });

  it("an empty Body gets 400 21602; a missing To 21604", async () => {
    expectError(await create({ From: FROM, To: TO, Body: "" }), 400, 21602, "Message body is required.");
    expectError(await create({ From: FROM, Body: "x" }), 400, 21604, "A 'To' phone number is required.");
  });

  it("a JSON body is refused (read as no parameters: 21604)", async () => {
    const res = await call(twilio.messagesUrl(), { json: { From: FROM, To: TO, Body: "x" }, headers: { authorization: twilio.basicAuth() } });
    expectError(res, 400, 21604);
    assert.equal(twilio.messages.length, 0);
  });

  it("a StatusCallback with an underscore in the hostname gets 400 21609", async () => {
    expectError(await create({ From: FROM, To: TO, Body: "x", StatusCallback: "https://my_host.test/cb" }), 400, 21609);
  });

  it("rateLimit: 429 20429 with Retry-After; an early retry is a violation and gets 429 again", async () => {
    twilio.rateLimit({ retryAfterSec: 1 });
    const res = await create({ From: FROM, To: TO, Body: "x" });
    assert.equal(res.status, 429);
    assert.equal(res.headers["retry-after"], "1");
    assert.deepEqual(res.json, { code: 20429, message: "Too Many Requests", more_info: "https://www.twilio.com/docs/errors/20429", status: 429 });
    const early = await create({ From: FROM, To: TO, Body: "x" });
    assert.equal(early.status, 429);
    assert.equal(twilio.violations.length, 1);
    await sleep(1010);
    assert.equal((await create({ From: FROM, To: TO, Body: "x" })).status, 201);
    assert.equal(twilio.violations.length, 1);
    assert.equal(twilio.messages.length, 1);
  });

  it("rateLimit without a hint: 429 with no Retry-After, nothing to violate", async () => {
    twilio.rateLimit({ retryAfterSec: null });
    const res = await create({ From: FROM, To: TO, Body: "x" });
    assert.equal(res.status, 429);
    assert.equal(res.headers["retry-after"], undefined);
    assert.equal((await create({ From: FROM, To: TO, Body: "x" })).status, 201);
    assert.deepEqual(twilio.violations, []);
  });

  it("maxInFlight: more concurrent creates than allowed get 429 20429", async () => {
    await twilio.close();
    twilio = await FakeTwilio.start({ maxInFlight: 1, processingDelayMs: 200 });
    const results = await Promise.all([create({ From: FROM, To: TO, Body: "a" }), sleep(50).then(() => create({ From: FROM, To: TO, Body: "b" }))]);
    assert.deepEqual(
      results.map((r) => r.status),
      [201, 429],
    );
    assert.equal(results[1].json.code, 20429);
  });

  it("session window: a free-form Body outside 24 h is queued, then fails with 63016 via StatusCallback", async () => {
    await twilio.close();
    twilio = await FakeTwilio.start({ sessionWindow: true });
    receiver = await ScriptedHttp.start(() => ({ status: 204 }));
    const callback = `${receiver.url}/status`;
    const res = await create({ From: FROM, To: TO, Body: "x", StatusCallback: callback });
    assert.equal(res.status, 201);
    assert.equal(res.json.status, "queued");
    const [cb] = await receiver.waitForRequests(1, 2000);
    const fields = Object.fromEntries(new URLSearchParams(cb.body));
    assert.equal(cb.headers["content-type"], "application/x-www-form-urlencoded");
    assert.equal(fields.MessageSid, res.json.sid);
    assert.equal(fields.MessageStatus, "failed");
    assert.equal(fields.ErrorCode, "63016");
    const fetched = await call(`${twilio.url}${res.json.uri}`, { method: "GET", headers: { authorization: twilio.basicAuth() } });
    assert.equal(fetched.json.status, "failed");
    assert.equal(fetched.json.error_code, 63016);

    twilio.recordInbound(TO);
    await create({ From: FROM, To: TO, Body: "inside the window", StatusCallback: callback });
    await create({ From: FROM, To: "whatsapp:+15550001111", ContentSid: "HX" + "0".repeat(32), StatusCallback: callback });
    const all = await receiver.waitForRequests(3, 2000);
    const statuses = all.slice(1).map((r) => Object.fromEntries(new URLSearchParams(r.body)));
    assert.deepEqual(
      statuses.map((s) => [s.MessageStatus, s.ErrorCode]),
      [
        ["delivered", undefined],
        ["delivered", undefined],
      ],
    );
    // The emulator reads the receiver's answer after the receiver recorded the POST.
    await waitUntil(() => twilio.callbacks.length === 3 && twilio.callbacks.every((c) => c.status !== undefined || c.error !== undefined));
    assert.deepEqual(
      twilio.callbacks.map((c) => [c.url, c.status]),
      [
        [callback, 204],
        [callback, 204],
        [callback, 204],
      ],
    );
  });

  it("sandbox: recipients that did not join fail with 63015; more than 1 message per 3 s gets 429", async () => {
    await twilio.close();
    twilio = await FakeTwilio.start({ sandboxJoined: [TO], asyncDelayMs: 1 });
    const joined = await create({ From: SANDBOX_FROM, To: TO, Body: "x" });
    assert.equal(joined.status, 201);
    const throttled = await create({ From: SANDBOX_FROM, To: "whatsapp:+15550001111", Body: "x" });
    assert.equal(throttled.status, 429);
    assert.equal(throttled.json.code, 20429);
    assert.equal(throttled.headers["retry-after"], "3");
    await twilio.waitForMessages(1);
    await waitUntil(() => twilio.messages[0].status !== "queued");
    assert.equal(twilio.messages[0].status, "delivered");

    await twilio.close();
    twilio = await FakeTwilio.start({ asyncDelayMs: 1 });
    assert.equal((await create({ From: SANDBOX_FROM, To: TO, Body: "x" })).status, 201);
    await waitUntil(() => twilio.messages[0].status !== "queued");
    assert.equal(twilio.messages[0].status, "failed");
    assert.equal(twilio.messages[0].errorCode, 63015);
  });

  it("close() leaves 0 connections", async () => {
    await create({ From: FROM, To: TO, Body: "x" });
    await twilio.close();
    assert.equal(await twilio.getConnections(), 0);
  });
});
