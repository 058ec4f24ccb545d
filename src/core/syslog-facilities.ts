/**
 * Syslog facility codes by name (RFC 5424 §6.2.1): vocabulary shared by the config (which
 * accepts a name or a number) and the syslog format (which puts the number in PRI).
 */
export const SYSLOG_FACILITIES: Readonly<Record<string, number>> = Object.freeze({
  kern: 0,
  user: 1,
  mail: 2,
  daemon: 3,
  auth: 4,
  syslog: 5,
  lpr: 6,
  news: 7,
  uucp: 8,
  cron: 9,
  authpriv: 10,
  ftp: 11,
  ntp: 12,
  audit: 13,
  alert: 14,
  clock: 15,
  local0: 16,
  local1: 17,
  local2: 18,
  local3: 19,
  local4: 20,
  local5: 21,
  local6: 22,
  local7: 23,
});

/** The code 0..23 of a facility given by name (any case) or number, or undefined. */
export function tryFacilityCode(facility: unknown): number | undefined {
  let code: number | undefined;
  if (typeof facility === "number") code = facility;
  else if (typeof facility === "string") {
    const word = facility.trim().toLowerCase();
    code = /^\d+$/.test(word) ? Number(word) : Object.prototype.hasOwnProperty.call(SYSLOG_FACILITIES, word) ? SYSLOG_FACILITIES[word] : undefined;
  }
  return code !== undefined && Number.isInteger(code) && code >= 0 && code <= 23 ? code : undefined;
}
