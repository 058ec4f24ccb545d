import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { DeadLetterFile } from "../../src/io/dead-letter.js";
import { useTempDir } from "../helpers/temp-dir.js";

describe("io/DeadLetterFile", () => {
  const dir = useTempDir();

  it("appends finished lines, creating the folder on first use, and counts them", () => {
    const file = new DeadLetterFile(path.join(dir(), "nested", "dead.ndjson"));
    expect(file.append(['{"msg":"a"}\n', '{"msg":"b"}\n'])).to.equal(2);
    expect(file.append([])).to.equal(0);
    expect(file.append(['{"msg":"c"}\n'])).to.equal(1);
    expect(fs.readFileSync(path.join(dir(), "nested", "dead.ndjson"), "utf8")).to.equal('{"msg":"a"}\n{"msg":"b"}\n{"msg":"c"}\n');
  });

  it("does not create the file when there is nothing to write", () => {
    const file = new DeadLetterFile(path.join(dir(), "nested", "dead.ndjson"));
    expect(file.append([])).to.equal(0);
    expect(fs.existsSync(path.join(dir(), "nested"))).to.equal(false);
  });
});
