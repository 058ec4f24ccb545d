import { expect } from "chai";
import {
  classifyHttp,
  classifySmtpError,
  classifyTransportError,
  discordRetryAfterMs,
  httpErrorText,
  telegramRetryAfterMs,
  transportErrorOutcome,
  withResponseFacts,
  withThrownFacts,
} from "../../src/io/classify.js";
import type { AttemptOutcome } from "../../src/core/attempt-outcome.js";
import { SecretScrubber } from "../../src/io/scrub.js";
import { MissingPeerError, TransportError } from "../../src/core/errors.js";

const NOW = Date.UTC(2025, 0, 1, 12, 0, 0);
const json = (value: unknown): string => JSON.stringify(value);

function response(status: number, body = "", headers: Record<string, string | string[]> = {}) {
  return { status, body, headers };
}

describe("classify", () => {
  describe("classifyHttp", () => {
    const table: [string, ReturnType<typeof response>, AttemptOutcome][] = [
      ["200", response(200, json({ ok: true })), { kind: "ok" }],
      ["201 (Twilio)", response(201, json({ sid: "SM1" })), { kind: "ok" }],
      ["204 (Discord)", response(204), { kind: "ok" }],
      [
        "429 with Retry-After seconds",
        response(429, "", { "retry-after": "2" }),
        { kind: "retry", error: "HTTP 429", rateLimited: true, retryAfterMs: 2000 },
      ],
      [
        "429 with an HTTP-date",
        response(429, "", { "retry-after": "Wed, 01 Jan 2025 12:00:05 GMT" }),
        { kind: "retry", error: "HTTP 429", rateLimited: true, retryAfterMs: 5000 },
      ],
      [
        "429 with Discord's X-RateLimit-Reset-After only",
        response(429, "", { "x-ratelimit-reset-after": "0.25" }),
        { kind: "retry", error: "HTTP 429", rateLimited: true, retryAfterMs: 250 },
      ],
      [
        "429 without a hint",
        response(429, "slow down"),
        { kind: "retry", error: "HTTP 429: slow down", rateLimited: true },
      ],
      [
        "429 with a garbage hint",
        response(429, "", { "retry-after": "later" }),
        { kind: "retry", error: "HTTP 429", rateLimited: true },
      ],
      ["500", response(500, "Internal Server Error"), { kind: "retry", error: "HTTP 500: Internal Server Error" }],
      ["502 from a gateway (HTML)", response(502, "<html>\n<h1>Bad Gateway</h1>\n</html>"), { kind: "retry", error: "HTTP 502: <html> <h1>Bad Gateway</h1> </html>" }],
      ["503 with Retry-After", response(503, "", { "retry-after": "3" }), { kind: "retry", error: "HTTP 503", retryAfterMs: 3000 }],
      ["408", response(408), { kind: "retry", error: "HTTP 408" }],
      [
        "400 Discord form error",
        response(400, json({ code: 50035, message: "Invalid Form Body", errors: {} })),
        { kind: "permanent", error: "HTTP 400: Invalid Form Body (code 50035)" },
      ],
      [
        "400 Telegram",
        response(400, json({ ok: false, error_code: 400, description: "Bad Request: message is too long" })),
        { kind: "permanent", error: "HTTP 400: Bad Request: message is too long" },
      ],
      [
        "401 Discord bad token",
        response(401, json({ message: "Invalid Webhook Token", code: 50027 })),
        { kind: "permanent", error: "HTTP 401: Invalid Webhook Token (code 50027)", disableSink: true },
      ],
      [
        "401 Telegram",
        response(401, json({ ok: false, error_code: 401, description: "Unauthorized" })),
        { kind: "permanent", error: "HTTP 401: Unauthorized", disableSink: true },
      ],
      [
        "401 Twilio",
        response(401, json({ code: 20003, message: "Authenticate", more_info: "https://www.twilio.com/docs/errors/20003", status: 401 })),
        { kind: "permanent", error: "HTTP 401: Authenticate (code 20003)", disableSink: true },
      ],
      [
        "403 Telegram blocked",
        response(403, json({ ok: false, error_code: 403, description: "Forbidden: bot was blocked by the user" })),
        { kind: "permanent", error: "HTTP 403: Forbidden: bot was blocked by the user", disableSink: true },
      ],
      [
        "404 Discord unknown webhook",
        response(404, json({ message: "Unknown Webhook", code: 10015 })),
        { kind: "permanent", error: "HTTP 404: Unknown Webhook (code 10015)", disableSink: true },
      ],
      ["413", response(413, "too large"), { kind: "permanent", error: "HTTP 413: too large" }],
      ["301", response(301, "", { location: "https://elsewhere" }), { kind: "permanent", error: "HTTP 301" }],
    ];
    for (const [name, res, expected] of table) {
      it(`${name} -> ${expected.kind}`, () => expect(classifyHttp(res, { now: NOW })).to.deep.equal(expected));
    }

    it("prefers Discord's body retry_after (float) over the rounded header", () => {
      const res = response(429, json({ message: "You are being rate limited.", retry_after: 0.35, global: false }), {
        "retry-after": "1",
      });
      expect(classifyHttp(res, { now: NOW, retryAfterFromBody: discordRetryAfterMs })).to.deep.equal({
        kind: "retry",
        error: "HTTP 429: You are being rate limited.",
        rateLimited: true,
        retryAfterMs: 350,
      });
    });

    it("prefers Telegram's parameters.retry_after", () => {
      const res = response(
        429,
        json({ ok: false, error_code: 429, description: "Too Many Requests: retry after 5", parameters: { retry_after: 5 } }),
        { "retry-after": "9" },
      );
      expect(classifyHttp(res, { now: NOW, retryAfterFromBody: telegramRetryAfterMs })).to.deep.equal({
        kind: "retry",
        error: "HTTP 429: Too Many Requests: retry after 5",
        rateLimited: true,
        retryAfterMs: 5000,
      });
    });

    it("falls back to the header when the body hint is missing, invalid, or the callback throws", () => {
      const header = { "retry-after": "4" };
      expect(classifyHttp(response(429, json({ retry_after: "x" }), header), { now: NOW, retryAfterFromBody: discordRetryAfterMs }))
        .to.have.property("retryAfterMs", 4000);
      expect(classifyHttp(response(429, "not json", header), { now: NOW, retryAfterFromBody: telegramRetryAfterMs }))
        .to.have.property("retryAfterMs", 4000);
      const throwing = () => {
        throw new Error("bad callback");
      };
      expect(classifyHttp(response(429, "{}", header), { now: NOW, retryAfterFromBody: throwing })).to.have.property("retryAfterMs", 4000);
    });

    it("keeps the first 200 characters of a non-JSON body, on one line", () => {
      const body = "x".repeat(150) + "\r\n" + "y".repeat(300);
      const outcome = classifyHttp(response(500, body), { now: NOW });
      expect(outcome).to.deep.equal({ kind: "retry", error: `HTTP 500: ${"x".repeat(150)} ${"y".repeat(49)}…` });
    });

    it("scrubs the error text when given a scrubber (a 401 body echoing the URL)", () => {
      const token = "webhook-token-value";
      const res = response(401, json({ message: `bad token for /api/webhooks/1/${token}`, code: 50027 }));
      const outcome = classifyHttp(res, { now: NOW, scrubber: new SecretScrubber([token]) });
      expect(outcome).to.deep.equal({
        kind: "permanent",
        error: "HTTP 401: bad token for /api/webhooks/1/*** (code 50027)",
        disableSink: true,
      });
    });

    it("httpErrorText ignores a code equal to the status and a blank message", () => {
      expect(httpErrorText(404, json({ code: 404, message: " " }))).to.equal('HTTP 404: {"code":404,"message":" "}');
      expect(httpErrorText(400, json({ error: { message: "nested" } }))).to.equal("HTTP 400: nested");
    });
  });

  describe("classifyTransportError", () => {
    const retried = [
      new TransportError("ECONNREFUSED", "POST http://127.0.0.1:9: connect ECONNREFUSED 127.0.0.1:9"),
      new TransportError("ENOTFOUND", "POST https://x.invalid: getaddrinfo ENOTFOUND x.invalid"),
      new TransportError("ETIMEDOUT", "POST http://127.0.0.1:9: no complete response within 1000 ms"),
      new TransportError("ECONNRESET", "POST http://127.0.0.1:9: other side closed"),
      new TransportError("ABORTED", "POST http://127.0.0.1:9: aborted by the caller"),
      new TransportError("DEPTH_ZERO_SELF_SIGNED_CERT", "POST https://127.0.0.1:9: self-signed certificate"),
      new TransportError("ERR_TLS_CERT_ALTNAME_INVALID", "POST https://127.0.0.1:9: altname"),
      new Error("something unexpected"),
      "a string",
    ];
    for (const err of retried) {
      it(`retries ${(err as { code?: string }).code ?? String(err)}`, () => {
        expect(classifyTransportError(err).kind).to.equal("retry");
      });
    }

    it("does not retry a request that can never be sent (EINVAL) or a closed client", () => {
      expect(classifyTransportError(new TransportError("EINVAL", "invalid header"))).to.deep.equal({
        kind: "permanent",
        error: "TransportError: invalid header (code EINVAL)",
      });
      expect(classifyTransportError(new TransportError("CLOSED", "POST x: client closed")).kind).to.equal("permanent");
    });

    it("describes and scrubs the error", () => {
      const err = new TransportError("ECONNREFUSED", "POST http://127.0.0.1:9: connect ECONNREFUSED 127.0.0.1:9");
      expect(classifyTransportError(err)).to.deep.equal({
        kind: "retry",
        error: "TransportError: POST http://127.0.0.1:9: connect ECONNREFUSED 127.0.0.1:9",
      });
      const leaky = new Error("fetch https://api.telegram.org/bot123:SECRETTOKEN/sendMessage failed");
      expect(classifyTransportError(leaky, new SecretScrubber(["123:SECRETTOKEN"])).kind === "retry").to.equal(true);
      expect((classifyTransportError(leaky, new SecretScrubber(["123:SECRETTOKEN"])) as { error: string }).error).to.equal(
        "Error: fetch https://api.telegram.org/bot***/sendMessage failed",
      );
    });
  });

  describe("classifySmtpError", () => {
    const smtpError = (code: string | undefined, responseCode?: number, message = "smtp failure") =>
      Object.assign(new Error(message), code === undefined ? {} : { code }, responseCode === undefined ? {} : { responseCode });

    const table: [string, unknown, AttemptOutcome["kind"], boolean][] = [
      ["EAUTH 535", smtpError("EAUTH", 535), "permanent", true],
      ["EAUTH 534", smtpError("EAUTH", 534), "permanent", true],
      ["530 auth required", smtpError("EENVELOPE", 530), "permanent", true],
      ["EAUTH 454 (temporary)", smtpError("EAUTH", 454), "retry", false],
      ["ENOAUTH", smtpError("ENOAUTH"), "permanent", true],
      ["EENVELOPE 550 on RCPT", smtpError("EENVELOPE", 550), "permanent", false],
      ["EENVELOPE 450 on RCPT", smtpError("EENVELOPE", 450), "retry", false],
      ["EENVELOPE 452", smtpError("EENVELOPE", 452), "retry", false],
      ["EENVELOPE without a reply (no recipients)", smtpError("EENVELOPE"), "permanent", false],
      ["EMESSAGE 552 too big", smtpError("EMESSAGE", 552), "permanent", false],
      ["EMESSAGE 451", smtpError("EMESSAGE", 451), "retry", false],
      ["421 service closing", smtpError("EPROTOCOL", 421), "retry", false],
      ["503 bad sequence", smtpError("EPROTOCOL", 503), "retry", false],
      ["554", smtpError("EPROTOCOL", 554), "permanent", false],
      ["ETIMEDOUT", smtpError("ETIMEDOUT"), "retry", false],
      ["ECONNECTION", smtpError("ECONNECTION"), "retry", false],
      ["ESOCKET", smtpError("ESOCKET"), "retry", false],
      ["EDNS", smtpError("EDNS"), "retry", false],
      ["ETLS", smtpError("ETLS"), "retry", false],
      ["EABORT", smtpError("EABORT"), "retry", false],
      ["ECONFIG", smtpError("ECONFIG"), "permanent", false],
      ["EREQUIRETLS", smtpError("EREQUIRETLS"), "permanent", false],
      ["no code (pool closed)", smtpError(undefined, undefined, "Connection pool was closed"), "retry", false],
      ["MissingPeerError", new MissingPeerError("nodemailer", "the email sink"), "permanent", true],
      ["a thrown string", "boom", "retry", false],
    ];
    for (const [name, err, kind, disable] of table) {
      it(`${name} -> ${kind}${disable ? " + disableSink" : ""}`, () => {
        const outcome = classifySmtpError(err);
        expect(outcome.kind).to.equal(kind);
        expect(outcome.kind === "permanent" && outcome.disableSink === true).to.equal(disable);
      });
    }

    it("scrubs the password from the error text", () => {
      const err = smtpError("EAUTH", 535, "Invalid login: 535 Authentication failed for hunter2-password");
      expect(classifySmtpError(err, new SecretScrubber(["hunter2-password"]))).to.deep.equal({
        kind: "permanent",
        error: "Error: Invalid login: 535 Authentication failed for *** (code EAUTH)",
        disableSink: true,
      });
    });
  });

  describe("the facts on an outcome (for the report's lastFailure)", () => {
    it("an HTTP answer's status becomes statusCode; an ok outcome gains nothing", () => {
      expect(withResponseFacts(classifyHttp(response(503), { now: NOW }), { status: 503 })).to.deep.equal({ kind: "retry", error: "HTTP 503", statusCode: 503 });
      expect(withResponseFacts({ kind: "ok" }, { status: 204 })).to.deep.equal({ kind: "ok" });
    });

    it("a transport error's code becomes code", () => {
      const err = new TransportError("ECONNREFUSED", "POST http://127.0.0.1:9: connect ECONNREFUSED 127.0.0.1:9");
      expect(transportErrorOutcome(err)).to.deep.include({ kind: "retry", code: "ECONNREFUSED" });
    });

    it("an SMTP error gives its code and its reply code as statusCode", () => {
      const err = Object.assign(new Error("Invalid login: 535"), { code: "EAUTH", responseCode: 535 });
      expect(withThrownFacts(classifySmtpError(err), err)).to.deep.include({ kind: "permanent", code: "EAUTH", statusCode: 535 });
    });

    it("a code that contains a secret is left out, never shown scrubbed or raw", () => {
      const token = "SECRET-token_123";
      const err = Object.assign(new Error(`failed for ${token}`), { code: token });
      const outcome = withThrownFacts(classifyTransportError(err, new SecretScrubber([token])), err, new SecretScrubber([token]));
      expect(outcome).to.not.have.property("code");
      expect(JSON.stringify(outcome)).to.not.include(token);
    });
  });
});
