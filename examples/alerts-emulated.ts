// Runs examples/alerts.ts against loopback emulators of Discord, Telegram, Twilio (WhatsApp) and
// an SMTP server, all on 127.0.0.1: no network, no accounts. The application is run unchanged,
// in examples/alerts/ (its flowlog.yaml), with FLOWLOG_* variables pointing at the emulators:
// exactly what a real .env would set. `npm run alerts`.
import { spawn } from "node:child_process";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { DEFAULT_CHAT_ID, FakeDiscord, FakeSmtp, FakeTelegram, FakeTwilio } from "../spec/helpers/servers/index.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const [discord, telegram, twilio, smtp] = await Promise.all([FakeDiscord.start(), FakeTelegram.start(), FakeTwilio.start(), FakeSmtp.start()]);

// The shell's own FLOWLOG_* variables are left out: the emulators' are the only ones.
const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("FLOWLOG_")));
const emulators = {
  FLOWLOG_DISCORD_WEBHOOK_URL: discord.webhookUrl(),
  FLOWLOG_TELEGRAM_BOT_TOKEN: telegram.token,
  FLOWLOG_TELEGRAM_CHAT_ID: String(DEFAULT_CHAT_ID),
  FLOWLOG_TELEGRAM_API_BASE: telegram.apiBase,
  FLOWLOG_WHATSAPP_ACCOUNT_SID: twilio.accountSid,
  FLOWLOG_WHATSAPP_AUTH_TOKEN: twilio.authToken,
  FLOWLOG_WHATSAPP_API_BASE: twilio.apiBase,
  FLOWLOG_EMAIL_SMTP_HOST: smtp.transportOptions().host,
  FLOWLOG_EMAIL_SMTP_PORT: String(smtp.transportOptions().port),
};

const app = spawn(process.execPath, ["--import", "tsx", path.join(here, "alerts.ts")], {
  cwd: path.join(here, "alerts"),
  env: { ...inherited, ...emulators },
  stdio: "inherit",
});
const exitCode = await new Promise<number>((resolve) => app.on("exit", (code) => resolve(code ?? 1)));
await Promise.all([discord.close(), telegram.close(), twilio.close(), smtp.close()]);

console.log("what the emulators received:");
console.log(`  discord   ${discord.messages.length} message(s)`);
console.log(`  telegram  ${telegram.messages.length} message(s)`);
console.log(`  whatsapp  ${twilio.messages.length} message(s)`);
console.log(`  email     ${smtp.messages.length} mail(s)`);
const everyServiceReached = [discord, telegram, twilio, smtp].every((service) => service.messages.length > 0);
process.exitCode = exitCode === 0 && everyServiceReached ? 0 : 1;
