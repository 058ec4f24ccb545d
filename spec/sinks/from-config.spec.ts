import { expect } from "chai";
import * as path from "node:path";
import { loadConfig } from "../../src/config/index.js";
import { FileSink } from "../../src/sinks/file.js";
import { sinksFromConfig } from "../../src/sinks/from-config.js";
import { useTempDir } from "../helpers/temp-dir.js";

describe("sinks/sinksFromConfig", () => {
  const dir = useTempDir();

  const build = (code: Record<string, unknown>) => {
    const { config } = loadConfig({ cwd: dir(), env: {}, code });
    return sinksFromConfig(config, { cwd: dir(), env: {} });
  };

  it("builds only the enabled sinks, each named after its config key, with its level", () => {
    const sinks = build({
      sinks: {
        terminal: { enabled: true, min_level: "INFO" },
        file_json: { enabled: true, min_level: "WARNING" },
        discord: { enabled: true, webhook_url: "https://discord.com/api/webhooks/1/secret-token" },
      },
    });
    expect(sinks.map((sink) => [sink.name, sink.minLevel, sink.remote])).to.deep.equal([
      ["terminal", 20, false],
      ["file_json", 30, false],
      ["discord", 40, true],
    ]);
  });

  it("builds nothing when every sink is disabled", () => {
    expect(build({ sinks: { terminal: { enabled: false } } })).to.deep.equal([]);
  });

  it("resolves a relative file path against the working directory it is given", () => {
    const [file] = build({ sinks: { terminal: { enabled: false }, file_text: { enabled: true, path: "out/app.log" } } });
    expect(file).to.be.instanceOf(FileSink);
    expect((file as FileSink).path).to.equal(path.join(dir(), "out/app.log"));
  });
});
