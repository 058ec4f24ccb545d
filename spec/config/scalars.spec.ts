import { expect } from "chai";
import {
  BooleanFromWord,
  ChatId,
  Colors,
  EmailAddress,
  EmailAddressList,
  FilePath,
  HttpUrl,
  NonNegativeInteger,
  PhoneNumber,
  Port,
  PositiveInteger,
  SyslogFacility,
  SyslogProtocol,
  Token,
  optional,
} from "../../src/config/scalars.js";
import { decodeUnder } from "./decode-text.js";

type Row = readonly [given: unknown, expected: { right: unknown } | { left: string[] }];

function table(name: string, codec: Parameters<typeof decodeUnder>[1], rows: readonly Row[], key = "key"): void {
  describe(name, () => {
    for (const [given, expected] of rows) {
      it(`${JSON.stringify(given) ?? String(given)} -> ${JSON.stringify(expected)}`, () => {
        expect(decodeUnder(key, codec, given)).to.deep.equal(expected);
      });
    }
  });
}

const ok = (right: unknown) => ({ right });
const bad = (line: string) => ({ left: [line] });

describe("config scalars", () => {
  table("BooleanFromWord", BooleanFromWord, [
    [true, ok(true)],
    [false, ok(false)],
    ["true", ok(true)],
    ["TRUE", ok(true)],
    ["Yes", ok(true)],
    ["1", ok(true)],
    [1, ok(true)],
    ["false", ok(false)],
    ["no", ok(false)],
    ["0", ok(false)],
    [0, ok(false)],
    [" False ", ok(false)],
    ["on", bad('test: key: expected a boolean (true/false, yes/no or 1/0), got "on"')],
    [2, bad("test: key: expected a boolean (true/false, yes/no or 1/0), got 2")],
    [null, bad("test: key: expected a boolean (true/false, yes/no or 1/0), got null")],
  ]);

  table("Colors", Colors, [
    ["auto", ok("auto")],
    ["AUTO", ok("auto")],
    [true, ok(true)],
    ["no", ok(false)],
    ["rainbow", bad('test: key: expected true, false or "auto", got "rainbow"')],
  ]);

  table("NonNegativeInteger", NonNegativeInteger, [
    [0, ok(0)],
    [10485760, ok(10485760)],
    ["10485760", ok(10485760)],
    [" 42 ", ok(42)],
    ["ten", bad('test: key: expected a non-negative integer, got "ten"')],
    ["10MB", bad('test: key: expected a non-negative integer, got "10MB"')],
    [-1, bad("test: key: expected a non-negative integer, got -1")],
    ["-1", bad('test: key: expected a non-negative integer, got "-1"')],
    [1.5, bad("test: key: expected a non-negative integer, got 1.5")],
    ["1e3", bad('test: key: expected a non-negative integer, got "1e3"')],
    ["", bad('test: key: expected a non-negative integer, got ""')],
    ["99999999999999999999", bad('test: key: expected a non-negative integer, got "99999999999999999999"')],
  ]);

  table("PositiveInteger", PositiveInteger, [
    [1, ok(1)],
    ["10000", ok(10000)],
    [0, bad("test: key: expected a positive integer, got 0")],
  ]);

  table("Port", Port, [
    [587, ok(587)],
    ["2525", ok(2525)],
    [65535, ok(65535)],
    [0, bad("test: key: expected a port number (1..65535), got 0")],
    [70000, bad("test: key: expected a port number (1..65535), got 70000")],
  ]);

  table("FilePath", FilePath, [
    ["logs/app.log", ok("logs/app.log")],
    ["", bad('test: key: expected a file path (a non-empty string), got ""')],
    ["   ", bad('test: key: expected a file path (a non-empty string), got "   "')],
    [7, bad("test: key: expected a file path (a non-empty string), got 7")],
    [["a"], bad("test: key: expected a file path (a non-empty string), got a list")],
    [{ a: 1 }, bad("test: key: expected a file path (a non-empty string), got an object")],
    [new Date(0), bad("test: key: expected a file path (a non-empty string), got a date")],
  ]);

  table("HttpUrl", HttpUrl, [
    ["https://api.telegram.org", ok("https://api.telegram.org")],
    [" http://127.0.0.1:8080/x ", ok("http://127.0.0.1:8080/x")],
    ["ftp://example.com", bad('test: key: expected an http(s) URL, got "ftp://example.com"')],
    ["not a url", bad('test: key: expected an http(s) URL, got "not a url"')],
    [42, bad("test: key: expected an http(s) URL, got 42")],
  ]);

  describe("HttpUrl under a secret key says what is wrong without the value", () => {
    const rows: Row[] = [
      ["https://discord.com/api/webhooks/1/abc", ok("https://discord.com/api/webhooks/1/abc")],
      ["not a url s3cr3t", bad("test: webhook_url: expected an http(s) URL, got a value that is not a valid URL")],
      ["s3cr3t:opaque", bad("test: webhook_url: expected an http(s) URL, got a URL that is not http or https")],
      [12345, bad("test: webhook_url: expected an http(s) URL, got a number")],
    ];
    for (const [given, expected] of rows) {
      it(`${JSON.stringify(given)}`, () => {
        expect(decodeUnder("webhook_url", HttpUrl, given)).to.deep.equal(expected);
      });
    }
  });

  table(
    "Token (under a secret key)",
    Token,
    [
      ["123456:AAEhBOweik9ai2o4", ok("123456:AAEhBOweik9ai2o4")],
      [" 123456:AAEhBOweik9ai2o4\n", ok("123456:AAEhBOweik9ai2o4")],
      ["1234 56:AAE", bad("test: bot_token: expected a token (a string without spaces), got a value that contains spaces")],
      [true, bad("test: bot_token: expected a token (a string without spaces), got a boolean")],
    ],
    "bot_token",
  );

  table("ChatId", ChatId, [
    [987654321, ok("987654321")],
    [-1001234567890, ok("-1001234567890")],
    ["987654321", ok("987654321")],
    ["@mychannel", ok("@mychannel")],
    [1.5, bad("test: key: expected a chat id (an integer or a non-empty string), got 1.5")],
    [false, bad("test: key: expected a chat id (an integer or a non-empty string), got false")],
  ]);

  table("PhoneNumber", PhoneNumber, [
    ["+14155550100", ok("+14155550100")],
    ["14155550100", bad('test: key: expected an E.164 phone number (+ and up to 15 digits, like +14155550100), got "14155550100"')],
    ["whatsapp:+14155550100", bad('test: key: expected an E.164 phone number (+ and up to 15 digits, like +14155550100), got "whatsapp:+14155550100"')],
    ["+0123", bad('test: key: expected an E.164 phone number (+ and up to 15 digits, like +14155550100), got "+0123"')],
  ]);

  table("SyslogProtocol", SyslogProtocol, [
    ["tcp", ok("tcp")],
    [" TLS ", ok("tls")],
    ["udp", ok("udp")],
    ["relp", bad('test: key: expected "udp", "tcp" or "tls", got "relp"')],
    [514, bad('test: key: expected "udp", "tcp" or "tls", got 514')],
  ]);

  table("SyslogFacility", SyslogFacility, [
    ["local0", ok(16)],
    ["LOCAL7", ok(23)],
    ["auth", ok(4)],
    ["audit", ok(13)],
    [0, ok(0)],
    ["23", ok(23)],
    [24, bad("test: key: expected a syslog facility (local0..local7, user, daemon, auth, ... or 0..23), got 24")],
    ["local8", bad('test: key: expected a syslog facility (local0..local7, user, daemon, auth, ... or 0..23), got "local8"')],
    [1.5, bad("test: key: expected a syslog facility (local0..local7, user, daemon, auth, ... or 0..23), got 1.5")],
  ]);

  table("EmailAddress", EmailAddress, [
    ["alerts@example.com", ok("alerts@example.com")],
    ["Ops Team <ops@example.com>", ok("Ops Team <ops@example.com>")],
    ["root@localhost", ok("root@localhost")],
    ["nobody", bad('test: key: expected an email address (ops@example.com or "Ops <ops@example.com>"), got "nobody"')],
  ]);

  table("EmailAddressList", EmailAddressList, [
    [["a@example.com", "b@example.com"], ok(["a@example.com", "b@example.com"])],
    ["a@example.com, b@example.com", ok(["a@example.com", "b@example.com"])],
    ["a@example.com,,", ok(["a@example.com"])],
    [[], ok([])],
    ["a@example.com, bob", bad('test: key: expected every item to be an email address, got "bob" (item 2)')],
    [["a@example.com", 3], bad("test: key: expected every item to be an email address, got 3 (item 2)")],
    [{ to: "a@example.com" }, bad("test: key: expected a list of email addresses (a list, or a comma-separated string), got an object")],
  ]);

  it("EmailAddressList always returns a fresh array", () => {
    const given = ["a@example.com"];
    const result = decodeUnder("key", EmailAddressList, given) as { right: string[] };
    expect(result.right).to.deep.equal(given);
    expect(result.right).to.not.equal(given);
  });

  table("optional(...)", optional(PhoneNumber), [
    [undefined, ok(undefined)],
    [null, ok(undefined)],
    ["", ok(undefined)],
    ["+14155550100", ok("+14155550100")],
    ["0", bad('test: key: expected an E.164 phone number (+ and up to 15 digits, like +14155550100), got "0"')],
  ]);
});
