export * from "./scripted-http.js";
export * from "./http-emulator.js";
export * from "./fake-discord.js";
export * from "./telegram-html.js";
export * from "./fake-telegram.js";
export * from "./fake-twilio.js";
export * from "./fake-smtp.js";
export * from "./fake-otlp.js";
