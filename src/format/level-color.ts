/**
 * One colour a level, as 0xRRGGBB: Discord's embed colour and the email's headline colour.
 * Greys for the quiet levels, blue for information, yellow to red as it gets worse.
 */
export function levelColor(level: string): number {
  return LEVEL_COLORS.get(level) ?? 0x99aab5;
}

const LEVEL_COLORS: ReadonlyMap<string, number> = new Map<string, number>([
  ["DEBUG", 0x95a5a6],
  ["INFO", 0x5865f2],
  ["AUDIT", 0x3498db],
  ["WEBHOOK", 0x1abc9c],
  ["WARNING", 0xfee75c],
  ["SECURITY", 0x9b59b6],
  ["ERROR", 0xed4245],
  ["DEPLOY", 0x57f287],
  ["CRITICAL", 0x992d22],
]);
