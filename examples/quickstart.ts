// The seed's quick start: nine levels, to the terminal and to the four file formats.
// Run it with `npm run quickstart`; it writes logs/app.log, .ndjson, .csv and .md.
import { Logger } from "flowlog";

const log = new Logger("myapp", {
  config: {
    sinks: {
      terminal: { min_level: "DEBUG" },
      file_text: { enabled: true, path: "logs/app.log" },
      file_json: { enabled: true, path: "logs/app.ndjson" },
      file_csv: { enabled: true, path: "logs/app.csv" },
      file_markdown: { enabled: true, path: "logs/app.md" },
    },
  },
});

const someException = new Error("connection pool exhausted", { cause: new Error("too many clients") });

log.debug("Connecting to database");
log.info("Server started on port 8080");
log.audit("User 42 deleted listing 130099");
log.webhook("Stripe event received");
log.warning("Response time above threshold");
log.security("Failed login attempt from 91.2.3.4");
log.error("Database query timed out", { extra: { timeout_ms: 5000 } });
log.deploy("v2.3.1 pushed to production");
log.critical("System is down", { exc: someException });

// Graceful shutdown: every record is written before this resolves.
const report = await log.complete();
for (const [sink, counts] of Object.entries(report.sinks)) {
  console.log(`${sink}: ${counts.delivered}/${counts.accepted} delivered`);
}
