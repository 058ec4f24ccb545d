// CommonJS as a user writes it: require() of flowlog's ESM build (Node >= 20.19 loads it
// without a flag). Run by .ci/run in a folder where the packed tarball is installed.
const fs = require("node:fs");
const { Logger, Level } = require("flowlog");

const log = new Logger("cjs", {
  env: {},
  config: { sinks: { terminal: { enabled: false }, file_json: { enabled: true, path: "logs/cjs.ndjson" } } },
});
log.warn("from CommonJS", { extra: { level: Level.WARNING } });
log.error(new Error("an error, first"));
log.complete().then((report) => {
  const lines = fs.readFileSync("logs/cjs.ndjson", "utf8").trim().split("\n").map((line) => JSON.parse(line));
  const ok = report.sinks.file_json.delivered === 2 && lines[1].exc.type === "Error" && lines[0].level === "WARNING";
  if (!ok) {
    console.error("require(\"flowlog\") logged, but not as expected:", JSON.stringify(lines));
    process.exit(1);
  }
  console.log("require(\"flowlog\") ok");
});
