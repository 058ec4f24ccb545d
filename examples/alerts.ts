// Alerts to Discord, Telegram, WhatsApp (Twilio) and e-mail, all at once, with no network:
// each service is a loopback emulator from the test suite, started here on 127.0.0.1.
// Run it with `npm run alerts`. Point the same config at the real services to use it for real.
import { Logger } from "flowlog";
import { FakeDiscord, FakeSmtp, FakeTelegram, FakeTwilio, DEFAULT_CHAT_ID } from "../spec/helpers/servers/index.js";

const discord = await FakeDiscord.start();
const telegram = await FakeTelegram.start();
const twilio = await FakeTwilio.start();
const smtp = await FakeSmtp.start();

const log = new Logger("checkout", {
  env: {}, // this example ignores any FLOWLOG_* variables of your shell
  config: {
    dead_letter: { path: "logs/dead-letter.ndjson" },
    sinks: {
      terminal: { min_level: "INFO" },
      discord: { enabled: true, min_level: "ERROR", webhook_url: discord.webhookUrl(), batch_ms: 200 },
      telegram: { enabled: true, min_level: "CRITICAL", bot_token: telegram.token, chat_id: DEFAULT_CHAT_ID, api_base: telegram.apiBase, batch_ms: 200 },
      whatsapp: {
        enabled: true,
        min_level: "CRITICAL",
        account_sid: twilio.accountSid,
        auth_token: twilio.authToken,
        from_number: "+14155238886",
        to_number: "+15551234567",
        api_base: twilio.apiBase,
        batch_ms: 200,
      },
      email: {
        enabled: true,
        min_level: "ERROR",
        smtp_host: smtp.host,
        smtp_port: smtp.port,
        ...(smtp.transportOptions().auth ? { username: smtp.transportOptions().auth!.user, password: smtp.transportOptions().auth!.pass } : {}),
        from_addr: "alerts@example.com",
        to_addrs: ["oncall@example.com"],
        batch_ms: 200,
      },
    },
  },
});

log.info("Checkout service started");
log.error("Payment provider timed out", { extra: { provider: "stripe", timeout_ms: 5000 } });
for (let i = 0; i < 500; i++) log.error("Card declined: @everyone <b>not bold</b>", { extra: { attempt: i } });
log.critical("Checkout is down", { exc: new Error("connection refused", { cause: new Error("ECONNREFUSED 10.0.0.5:5432") }) });

const report = await log.complete();
await Promise.all([discord.close(), telegram.close(), twilio.close(), smtp.close()]);

console.log("\ndelivery report:");
for (const [sink, counts] of Object.entries(report.sinks)) {
  console.log(`  ${sink.padEnd(9)} accepted ${counts.accepted}, delivered ${counts.delivered}, failed ${counts.failed}, dropped ${counts.dropped}`);
}
console.log("\nwhat the services received (500 identical errors were coalesced into a count):");
console.log(`  discord   ${discord.messages.length} message(s), ${discord.messages.reduce((n, m) => n + (m.embeds?.length ?? 0), 0)} embed(s)`);
console.log(`  telegram  ${telegram.messages.length} message(s)`);
console.log(`  whatsapp  ${twilio.messages.length} message(s)`);
console.log(`  email     ${smtp.messages.length} mail(s): ${smtp.messages.map((m) => JSON.stringify(m.parsed.subject)).join(", ")}`);
const undelivered = Object.values(report.sinks).some((counts) => counts.delivered !== counts.accepted);
process.exitCode = undelivered ? 1 : 0;
