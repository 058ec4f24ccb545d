import { expect } from "chai";
import * as os from "node:os";
import { baseBindings } from "../../src/runtime/base-fields.js";

describe("runtime/base-fields: the opt-in pid and hostname of every record", () => {
  it("nothing asked for gives no bindings at all", () => {
    expect(baseBindings(undefined)).to.equal(undefined);
    expect(baseBindings({})).to.equal(undefined);
    expect(baseBindings({ pid: false, hostname: false })).to.equal(undefined);
  });

  it("gives the process id and the host name asked for, frozen", () => {
    expect(baseBindings({ pid: true })).to.deep.equal({ pid: process.pid });
    expect(baseBindings({ hostname: true })).to.deep.equal({ hostname: os.hostname() });
    const both = baseBindings({ pid: true, hostname: true });
    expect(both).to.deep.equal({ pid: process.pid, hostname: os.hostname() });
    expect(Object.isFrozen(both)).to.equal(true);
  });
});
