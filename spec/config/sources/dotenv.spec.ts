import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { readDotenv } from "../../../src/config/sources/dotenv.js";
import { useTempDir } from "../../helpers/temp-dir.js";

describe("config/sources/dotenv: the .env of the working directory", () => {
  const dir = useTempDir("flowlog-dotenv-");

  it("no .env: no variables and no problem", () => {
    expect(readDotenv(dir())).to.deep.equal({ variables: undefined, errors: [] });
  });

  it("its variables, parsed as dotenv does (comments, quotes), and process.env is never touched", () => {
    fs.writeFileSync(path.join(dir(), ".env"), '# alerts\nFLOWLOG_DISCORD_ENABLED=true\nFLOWLOG_LOGGER_NAME="my api"\nSPEC_DOTENV_ONLY=here\n');
    const before = { ...process.env };
    expect(readDotenv(dir())).to.deep.equal({
      variables: { FLOWLOG_DISCORD_ENABLED: "true", FLOWLOG_LOGGER_NAME: "my api", SPEC_DOTENV_ONLY: "here" },
      errors: [],
    });
    expect(process.env).to.deep.equal(before);
  });

  it("a .env that is not a regular file is a problem naming it, not a hang or a crash", () => {
    fs.mkdirSync(path.join(dir(), ".env"));
    const result = readDotenv(dir());
    expect(result.variables).to.equal(undefined);
    expect(result.errors).to.deep.equal([`.env: ${path.join(dir(), ".env")} is a directory, not a regular file: configuration is read only from regular files`]);
  });
});
