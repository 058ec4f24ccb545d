import { expect } from "chai";
import { FlowlogConfigLayer } from "../../src/config/codecs.js";
import { dottedPath, drawErrors, errorPath, line, unknownKeyText } from "../../src/config/report.js";

describe("config/report: decoding results as the lines of an error or a warning", () => {
  const errorsOf = (value: unknown) => {
    const decoded = FlowlogConfigLayer.decode(value);
    if (decoded._tag !== "Left") throw new Error("expected decoding errors");
    return decoded.left;
  };

  it("each bad value is one line: source, key path, what was expected, what was got", () => {
    const lines = drawErrors(errorsOf({ sinks: { discord: { min_level: "LOUD" }, file_json: { max_bytes: "ten" } } }), "flowlog.yaml", dottedPath);
    expect(lines).to.have.length(2);
    expect(lines.find((text) => text.includes("min_level"))).to.match(/^flowlog\.yaml: sinks\.discord\.min_level: expected a level: .* got "LOUD"$/);
    expect(lines.find((text) => text.includes("max_bytes"))).to.equal('flowlog.yaml: sinks.file_json.max_bytes: expected a non-negative integer, got "ten"');
  });

  it("a value under a secret key is described, never printed", () => {
    const [text] = drawErrors(errorsOf({ sinks: { discord: { webhook_url: "not-a-url-but-SECRET" } } }), "code", dottedPath);
    expect(text).to.match(/^code: sinks\.discord\.webhook_url: /).and.not.include("SECRET");
  });

  it("the key path skips the root and union members; a labeller may name variables instead", () => {
    const errors = errorsOf({ sinks: { discord: { batch_ms: -1 } } });
    expect(errorPath(errors[0].context)).to.deep.equal(["sinks", "discord", "batch_ms"]);
    const [text] = drawErrors(errors, "environment", (path) => `FLOWLOG_${path.slice(1).join("_").toUpperCase()}`);
    expect(text).to.match(/^environment: FLOWLOG_DISCORD_BATCH_MS: /);
  });

  it("line leaves the label out for a problem with the whole layer", () => {
    expect(line(".env", "", "is a directory")).to.equal(".env: is a directory");
    expect(line(".env", "FLOWLOG_X", "bad")).to.equal(".env: FLOWLOG_X: bad");
  });

  it("an unknown key gets a suggestion when one is close, else the list of known keys", () => {
    expect(unknownKeyText("file_jsn", ["file_json", "file_text"])).to.equal('unknown key (did you mean "file_json"?)');
    expect(unknownKeyText("zzz", ["a", "b"])).to.equal("unknown key (expected one of a, b)");
  });
});
