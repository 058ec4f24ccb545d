import { expect } from "chai";
import { concatAll } from "fp-ts/lib/Semigroup.js";
import { DEFAULTS } from "../../src/config/index.js";
import { LayerSemigroup, lastDefined, mergeLayers, optionalSection } from "../../src/config/merge.js";

describe("config merge", () => {
  it("lastDefined: the later value unless it is undefined", () => {
    const S = lastDefined<number>();
    expect(S.concat(1, 2)).to.equal(2);
    expect(S.concat(1, undefined)).to.equal(1);
    expect(S.concat(undefined, 0)).to.equal(0);
    expect(concatAll(S)(undefined)([1, undefined, 3, undefined])).to.equal(3);
  });

  it("optionalSection: merges key by key only when both sides exist", () => {
    const S = optionalSection({ concat: (x: string, y: string) => `${x}+${y}` });
    expect(S.concat(undefined, "b")).to.equal("b");
    expect(S.concat("a", undefined)).to.equal("a");
    expect(S.concat("a", "b")).to.equal("a+b");
  });

  it("LayerSemigroup: a later layer wins per key, nested per sink", () => {
    const merged = LayerSemigroup.concat(
      { logger_name: "low", sinks: { discord: { enabled: true, username: "low" }, terminal: { min_level: 20 } } },
      { sinks: { discord: { username: "high", webhook_url: undefined } } },
    );
    expect(merged.logger_name).to.equal("low");
    expect(merged.sinks?.discord).to.deep.include({ enabled: true, username: "high", webhook_url: undefined });
    expect(merged.sinks?.terminal).to.deep.include({ min_level: 20 });
  });

  it("is associative on layers (a semigroup law)", () => {
    const a = { sinks: { email: { to_addrs: ["a@x"], smtp_port: 25 } } };
    const b = { sinks: { email: { smtp_port: 2525 } }, strict: true };
    const c = { sinks: { email: { to_addrs: ["c@x"] } }, dead_letter: { enabled: false } };
    expect(LayerSemigroup.concat(LayerSemigroup.concat(a, b), c)).to.deep.equal(LayerSemigroup.concat(a, LayerSemigroup.concat(b, c)));
  });

  it("mergeLayers folds over the defaults without changing them", () => {
    const merged = mergeLayers(DEFAULTS, [{ sinks: { file_csv: { enabled: true } } }, { sinks: { file_csv: { path: "x.csv" } } }]);
    expect(merged.sinks?.file_csv).to.deep.equal({ ...DEFAULTS.sinks.file_csv, enabled: true, path: "x.csv" });
    expect(DEFAULTS.sinks.file_csv.enabled).to.equal(false);
    expect(mergeLayers(DEFAULTS, [])).to.deep.equal(DEFAULTS);
  });
});
