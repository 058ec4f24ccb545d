// An application that sends alerts. Like any application it reads flowlog.yaml and .env from
// its working directory (and FLOWLOG_* from the environment); nothing here names a service.
//
//   npm run alerts                        loopback emulators (examples/alerts-emulated.ts)
//   cd examples/alerts && cp .env.example .env && $EDITOR .env && npx tsx ../alerts.ts
//                                         the real services: a config change only
import { Logger } from "flowlog";

const log = new Logger("checkout");

async function chargeCard(): Promise<void> {
  throw new Error("connection refused", { cause: Object.assign(new Error("ECONNREFUSED 10.0.0.5:5432"), { code: "ECONNREFUSED" }) });
}

log.info("Checkout service started");
log.error("Payment provider timed out", { extra: { provider: "stripe", timeout_ms: 5000 } });
// An alert storm: remote sinks coalesce identical alerts into one message with a count.
for (let attempt = 1; attempt <= 50; attempt++) log.error("Card declined: @everyone <b>not bold</b>", { extra: { attempt } });
try {
  await chargeCard();
} catch (err) {
  log.critical(err, "Checkout is down");
}

const report = await log.complete();
console.log(`delivery report (${log.name}):`);
for (const [sink, counts] of Object.entries(report.sinks)) {
  const trouble = [counts.failed > 0 ? `${counts.failed} failed` : "", counts.dropped > 0 ? `${counts.dropped} dropped` : ""].filter(Boolean).join(", ");
  console.log(`  ${sink.padEnd(9)} ${counts.delivered}/${counts.accepted} delivered${trouble ? `, ${trouble}` : ""}`);
}
process.exitCode = Object.values(report.sinks).every((counts) => counts.delivered === counts.accepted) ? 0 : 1;
