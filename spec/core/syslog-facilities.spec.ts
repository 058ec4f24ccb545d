import { expect } from "chai";
import { SYSLOG_FACILITIES, tryFacilityCode } from "../../src/core/syslog-facilities.js";

describe("core/syslog-facilities: RFC 5424 facility codes by name or number", () => {
  it("has the 24 codes of RFC 5424, in order", () => {
    expect(Object.values(SYSLOG_FACILITIES)).to.deep.equal(Array.from({ length: 24 }, (_, i) => i));
    expect(SYSLOG_FACILITIES).to.include({ kern: 0, user: 1, auth: 4, local0: 16, local7: 23 });
  });

  it("reads a name in any case, with spaces, or a number, as a number or as digits", () => {
    expect(tryFacilityCode("local3")).to.equal(19);
    expect(tryFacilityCode(" Daemon ")).to.equal(3);
    expect(tryFacilityCode(16)).to.equal(16);
    expect(tryFacilityCode("23")).to.equal(23);
    expect(tryFacilityCode(0)).to.equal(0);
  });

  it("anything else is undefined, so the config can say so", () => {
    for (const bad of [24, -1, 1.5, "local8", "toString", "__proto__", "", null, undefined, {}, Number.NaN]) {
      expect(tryFacilityCode(bad), String(bad)).to.equal(undefined);
    }
  });
});
