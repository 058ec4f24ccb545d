import { expect } from "chai";
import { MASK, SecretScrubber } from "../../src/io/scrub.js";
import { maskUrl } from "../../src/config/index.js";
import { FlowlogSinkError } from "../../src/core/errors.js";
import { HttpClient } from "../../src/io/http-client.js";

const DISCORD_TOKEN = "aBcD-efGh_1234567890xyzXYZ";
const TELEGRAM_TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";
const TWILIO_SID = "AC0123456789abcdef0123456789abcdef";
const TWILIO_TOKEN = "f00dfeedf00dfeedf00dfeedf00dfeed";
const SMTP_PASSWORD = "p@ss word/with:odd&chars";

describe("SecretScrubber", () => {
  const scrubber = new SecretScrubber([DISCORD_TOKEN, TELEGRAM_TOKEN, SMTP_PASSWORD, undefined], {
    pairs: [[TWILIO_SID, TWILIO_TOKEN]],
  });

  describe("scrub", () => {
    const cases: [string, string, string][] = [
      ["a raw token", `token ${DISCORD_TOKEN} end`, "token *** end"],
      ["a token in a URL", `POST https://discord.com/api/webhooks/123/${DISCORD_TOKEN}?wait=true`, "POST https://discord.com/api/webhooks/123/***?wait=true"],
      ["a token twice", `${TELEGRAM_TOKEN}/${TELEGRAM_TOKEN}`, "***/***"],
      ["a URL-encoded Telegram token", `/bot${encodeURIComponent(TELEGRAM_TOKEN)}/sendMessage`, "/bot***/sendMessage"],
      ["a URL-encoded password", `pass=${encodeURIComponent(SMTP_PASSWORD)}`, "pass=***"],
      ["a form-encoded password", `pass=${new URLSearchParams({ p: SMTP_PASSWORD }).toString().slice(2)}`, "pass=***"],
      ["a JSON-escaped secret", JSON.stringify({ p: 'x"y\\z-secret' }), '{"p":"***"}'],
      ["the Basic auth credential", `Authorization: Basic ${Buffer.from(`${TWILIO_SID}:${TWILIO_TOKEN}`).toString("base64")}`, "Authorization: Basic ***"],
      ["a Basic auth pair's secret alone", `token=${TWILIO_TOKEN}`, "token=***"],
      ["nothing secret", "connect ECONNREFUSED 127.0.0.1:443", "connect ECONNREFUSED 127.0.0.1:443"],
      ["the account SID (not a secret)", `Accounts/${TWILIO_SID}/Messages.json`, `Accounts/${TWILIO_SID}/Messages.json`],
    ];
    const withJsonSecret = new SecretScrubber([DISCORD_TOKEN, TELEGRAM_TOKEN, SMTP_PASSWORD, 'x"y\\z-secret'], {
      pairs: [[TWILIO_SID, TWILIO_TOKEN]],
    });
    for (const [name, input, expected] of cases) {
      it(`replaces ${name}`, () => expect(withJsonSecret.scrub(input)).to.equal(expected));
    }

    it("scrubs every line of a stack trace", () => {
      const err = new Error(`request to https://api.telegram.org/bot${TELEGRAM_TOKEN}/sendMessage failed`);
      const scrubbed = scrubber.scrub(String(err.stack));
      expect(scrubbed).to.not.include(TELEGRAM_TOKEN);
      expect(scrubbed.split("\n")[0]).to.equal("Error: request to https://api.telegram.org/bot***/sendMessage failed");
      expect(scrubbed.split("\n").length).to.equal(String(err.stack).split("\n").length);
    });

    it("replaces a secret that contains another one as a whole", () => {
      const s = new SecretScrubber(["abcd", "xxabcdxx"]);
      expect(s.scrub("xxabcdxx and abcd")).to.equal("*** and ***");
    });

    it("ignores empty and short secrets (< 4 characters)", () => {
      const s = new SecretScrubber(["", "a", "abc", undefined]);
      expect(s.scrub("a abc abcd")).to.equal("a abc abcd");
      expect(new SecretScrubber(["abcd"]).scrub("a abc abcd")).to.equal("a abc ***");
    });

    it("treats secrets as literal text, not patterns", () => {
      const s = new SecretScrubber(["a.b*c+d(e"]);
      expect(s.scrub("xa.b*c+d(ex aXbbbcde")).to.equal("x***x aXbbbcde");
    });

    it("withSecrets adds secrets and keeps the Basic auth pairs", () => {
      const more = scrubber.withSecrets(["hunter22"]);
      const basic = Buffer.from(`${TWILIO_SID}:${TWILIO_TOKEN}`).toString("base64");
      expect(more.scrub(`hunter22 ${DISCORD_TOKEN} ${basic}`)).to.equal("*** *** ***");
      expect(scrubber.scrub("hunter22")).to.equal("hunter22");
    });
  });

  describe("scrubError", () => {
    it("renders Name: message (code X), scrubbed", () => {
      const err = Object.assign(new TypeError(`fetch https://discord.com/api/webhooks/1/${DISCORD_TOKEN} failed`), {
        code: "ERR_INVALID_URL",
      });
      expect(scrubber.scrubError(err)).to.equal(
        "TypeError: fetch https://discord.com/api/webhooks/1/*** failed (code ERR_INVALID_URL)",
      );
    });

    it("does not repeat a code the message already names", () => {
      const err = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), { code: "ECONNREFUSED" });
      expect(scrubber.scrubError(err)).to.equal("Error: connect ECONNREFUSED 127.0.0.1:9");
    });

    it("follows the cause chain, scrubbed", () => {
      const err = new Error("send failed", { cause: new Error(`auth as u with ${SMTP_PASSWORD}`) });
      expect(scrubber.scrubError(err)).to.equal("Error: send failed; cause: Error: auth as u with ***");
    });

    it("never throws, whatever was thrown", () => {
      const hostile = new Proxy(
        {},
        {
          get() {
            throw new Error("boom");
          },
        },
      );
      const getter = Object.defineProperty({}, "message", {
        get() {
          throw new Error("getter");
        },
      });
      const results = [null, undefined, 42, `raw ${DISCORD_TOKEN}`, { a: 1 }, hostile, getter, Symbol("s")].map((v) =>
        scrubber.scrubError(v),
      );
      expect(results).to.deep.equal([
        "thrown null",
        "thrown undefined",
        "thrown number: 42",
        "raw ***",
        "thrown [object Object]",
        "thrown value that cannot be described",
        "thrown [object Object]",
        "thrown symbol: Symbol(s)",
      ]);
    });
  });

  describe("maskUrl (the same masking as maskConfig: core/mask.ts)", () => {
    const cases: [string, string, string][] = [
      ["a Discord webhook", `https://discord.com/api/webhooks/123/${DISCORD_TOKEN}`, "https://discord.com/api/webhooks/***"],
      ["a versioned Discord webhook with a query", `https://discord.com/api/v10/webhooks/123/${DISCORD_TOKEN}?wait=true&thread_id=9`, "https://discord.com/api/v10/webhooks/***"],
      ["a Telegram method", `https://api.telegram.org/bot${TELEGRAM_TOKEN}/sendMessage`, "https://api.telegram.org/***"],
      ["a Twilio URL with user info", `https://${TWILIO_SID}:${TWILIO_TOKEN}@api.twilio.com/2010-04-01/Accounts/${TWILIO_SID}/Messages.json`, "https://api.twilio.com/***"],
      ["a query and a fragment", "http://127.0.0.1:8080/hook?key=abcdef#frag", "http://127.0.0.1:8080/***"],
      ["a malformed URL", `not a url ${TELEGRAM_TOKEN}`, MASK],
    ];
    for (const [name, input, expected] of cases) {
      it(`masks ${name}`, () => {
        expect(scrubber.maskUrl(input)).to.equal(expected);
        expect(maskUrl(input), "config's maskUrl").to.equal(expected);
      });
    }

    it("still replaces a known secret that sits in the host", () => {
      const inHost = new SecretScrubber(["tenant-secret-42"]);
      expect(inHost.maskUrl("https://tenant-secret-42.example.com/x")).to.equal("https://***.example.com/***");
    });
  });

  it("the HTTP client's error for a bad origin shows it masked", () => {
    expect(() => new HttpClient({ origin: `ftp://user:${TWILIO_TOKEN}@example.com/webhooks/1/${DISCORD_TOKEN}`, scrubber })).to.throw(
      FlowlogSinkError,
      "not an http(s) URL: ftp://example.com/webhooks/***",
    );
  });
});
