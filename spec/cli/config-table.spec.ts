import { expect } from "chai";
import { configRows, drawTable } from "../../src/cli/config-table.js";

const tree = {
  logger_name: "myapp",
  strict: false,
  sinks: {
    terminal: { enabled: true, min_level: 10, colors: "auto" },
    discord: { enabled: false, min_level: 40, webhook_url: undefined },
    email: { enabled: true, to_addrs: ["a@x.test", "b@x.test"], username: "", password: "***" },
  },
};
const sources: Record<string, string> = { logger_name: "flowlog.yaml", "sinks.email.enabled": ".env", "sinks.email.password": "environment" };
const sourceOf = (path: string) => sources[path] ?? "defaults";

describe("cli/config-table configRows", () => {
  it("one row per key with its layer; a disabled sink shows only `enabled`; levels by name", () => {
    expect(configRows(tree, sourceOf)).to.deep.equal([
      { key: "logger_name", value: "myapp", source: "flowlog.yaml" },
      { key: "strict", value: "false", source: "default" },
      { key: "sinks.terminal.enabled", value: "true", source: "default" },
      { key: "sinks.terminal.min_level", value: "DEBUG", source: "default" },
      { key: "sinks.terminal.colors", value: "auto", source: "default" },
      { key: "sinks.discord.enabled", value: "false", source: "default" },
      { key: "sinks.email.enabled", value: "true", source: ".env" },
      { key: "sinks.email.to_addrs", value: "a@x.test, b@x.test", source: "default" },
      { key: "sinks.email.username", value: '""', source: "default" },
      { key: "sinks.email.password", value: "***", source: "environment" },
    ]);
  });

  it("with `all`, the keys of disabled sinks too; an unset value is -", () => {
    const rows = configRows(tree, sourceOf, true).filter((row) => row.key.startsWith("sinks.discord"));
    expect(rows.map((row) => `${row.key}=${row.value}`)).to.deep.equal(["sinks.discord.enabled=false", "sinks.discord.min_level=ERROR", "sinks.discord.webhook_url=-"]);
  });
});

describe("cli/config-table drawTable", () => {
  it("aligns the columns under a header", () => {
    expect(drawTable([{ key: "a", value: "1", source: "default" }, { key: "long.key", value: "value", source: ".env" }])).to.equal(
      ["  key       value  from", "  a         1      default", "  long.key  value  .env"].join("\n"),
    );
  });
});
