import { expect } from "chai";
import { MASK, maskUrl } from "../../src/core/mask.js";

describe("core/maskUrl", () => {
  const rows: [string, string][] = [
    ["https://discord.com/api/webhooks/123/token-value", "https://discord.com/api/webhooks/***"],
    ["https://discord.com/api/v10/webhooks/123/token?wait=true#x", "https://discord.com/api/v10/webhooks/***"],
    ["https://api.telegram.org/bot123:AAAA/sendMessage", "https://api.telegram.org/***"],
    ["https://user:pass@example.com:8443/path?q=1", "https://example.com:8443/***"],
    ["not a url", MASK],
    ["mailto:someone@example.com", MASK],
  ];
  for (const [given, expected] of rows) {
    it(`${given} -> ${expected}`, () => expect(maskUrl(given)).to.equal(expected));
  }

  it("never shows what follows the webhooks segment, the query or user info, for any input", () => {
    for (const secret of ["s3cr3t", "tok%2Fen", "AAAA:BBBB"]) {
      const shown = maskUrl(`https://u:${secret}@h.example/a/webhooks/1/${secret}?k=${secret}#${secret}`);
      expect(shown).to.not.include(secret);
    }
  });
});
