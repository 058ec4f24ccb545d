import { expect } from "chai";
import { toIJson } from "../../src/serialize/i-json.js";

describe("serialize/i-json toIJson: JSON text every reader takes (RFC 7493, no lone surrogate)", () => {
  it("a lone surrogate, escaped by JSON.stringify, becomes U+FFFD; the text stays valid JSON", () => {
    const json = JSON.stringify({ msg: "cut \ud83d here", tail: "\udc00" });
    const out = toIJson(json);
    expect(out).to.not.match(/\\ud[89a-f]/i);
    expect(JSON.parse(out)).to.deep.equal({ msg: "cut \ufffd here", tail: "\ufffd" });
  });

  it("a whole surrogate pair (an emoji) is kept as it is", () => {
    const json = JSON.stringify({ msg: "ok 😀" });
    expect(toIJson(json)).to.equal(json);
  });

  it("the text \\ud800 (its backslash escaped) is text, not a surrogate, and is kept", () => {
    const json = JSON.stringify({ path: "C:\\ud800\\file" });
    expect(toIJson(json)).to.equal(json);
    expect(JSON.parse(toIJson(json))).to.deep.equal({ path: "C:\\ud800\\file" });
  });

  it("a backslash run before a lone surrogate escape: the escape is still replaced", () => {
    const json = JSON.stringify({ msg: "\\\ud800" });
    expect(JSON.parse(toIJson(json))).to.deep.equal({ msg: "\\\ufffd" });
  });
});
