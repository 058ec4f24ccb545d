import { expect } from "chai";
import { FlowlogSinkError } from "../../src/core/errors.js";
import { parseSecretUrl } from "../../src/sinks/secret-url.js";

describe("sinks/parseSecretUrl", () => {
  it("parses an http or https URL", () => {
    expect(parseSecretUrl("https://discord.com/api/webhooks/1/tok", "DiscordSink webhookUrl").pathname).to.equal("/api/webhooks/1/tok");
    expect(parseSecretUrl("http://127.0.0.1:8080/x", "X").origin).to.equal("http://127.0.0.1:8080");
  });

  it("rejects anything else with a FlowlogSinkError that names the option but not the value", () => {
    for (const bad of ["not a url with-secret-123", "ftp://host/with-secret-123"]) {
      let message = "";
      expect(() => parseSecretUrl(bad, "DiscordSink webhookUrl")).to.throw(FlowlogSinkError);
      try {
        parseSecretUrl(bad, "DiscordSink webhookUrl");
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).to.include("DiscordSink webhookUrl").and.not.include("with-secret-123");
    }
  });
});
