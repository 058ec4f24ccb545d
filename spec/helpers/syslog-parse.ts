/**
 * A strict reader of RFC 5424 messages and structured data for the syslog specs: what a
 * receiver would make of flowlog's bytes. It throws on anything the ABNF does not allow.
 */

export interface SdElement {
  readonly id: string;
  readonly params: readonly (readonly [string, string])[];
}

export interface ParsedSyslog {
  readonly pri: number;
  readonly version: string;
  readonly timestamp: string;
  readonly hostname: string;
  readonly appName: string;
  readonly procId: string;
  readonly msgId: string;
  readonly sd: readonly SdElement[];
  /** The MSG bytes as UTF-8, BOM removed; `bom` says whether it was there. */
  readonly msg: string;
  readonly bom: boolean;
}

const SD_NAME = /^[\x21-\x7e]{1,32}$/;

/** One SYSLOG-MSG (no frame prefix). */
export function parseSyslog(bytes: Buffer): ParsedSyslog {
  const text = bytes.toString("utf8");
  const header = /^<(\d{1,3})>(\d{1,2}) (\S+) (\S+) (\S+) (\S+) (\S+) /.exec(text);
  if (header === null) throw new Error(`not an RFC 5424 header: ${JSON.stringify(text.slice(0, 80))}`);
  const [whole, pri, version, timestamp, hostname, appName, procId, msgId] = header;
  if (pri.length > 1 && pri.startsWith("0")) throw new Error(`PRI with a leading zero: ${pri}`);
  const { elements, rest } = readStructuredData(text.slice(whole.length));
  let msg = "";
  if (rest !== "") {
    if (!rest.startsWith(" ")) throw new Error(`no space before MSG: ${JSON.stringify(rest.slice(0, 20))}`);
    msg = rest.slice(1);
  }
  const bom = msg.startsWith("\uFEFF");
  return { pri: Number(pri), version, timestamp, hostname, appName, procId, msgId, sd: elements, msg: bom ? msg.slice(1) : msg, bom };
}

/** STRUCTURED-DATA as rsyslog stores it (`-` or elements), unescaped. */
export function parseStructuredData(sd: string): SdElement[] {
  const { elements, rest } = readStructuredData(sd);
  if (rest !== "") throw new Error(`text after structured data: ${JSON.stringify(rest.slice(0, 40))}`);
  return elements;
}

/** The value of `name` in element `id` (the first one), or undefined. */
export function sdParam(elements: readonly SdElement[], id: string, name: string): string | undefined {
  return elements.find((element) => element.id === id)?.params.find(([key]) => key === name)?.[1];
}

function readStructuredData(text: string): { elements: SdElement[]; rest: string } {
  if (text.startsWith("-")) return { elements: [], rest: text.slice(1) };
  const elements: SdElement[] = [];
  let i = 0;
  while (text[i] === "[") {
    i++;
    const idEnd = indexOfAny(text, [" ", "]"], i);
    const id = text.slice(i, idEnd);
    if (!SD_NAME.test(id) || /[=\]"]/.test(id)) throw new Error(`bad SD-ID ${JSON.stringify(id)}`);
    i = idEnd;
    const params: [string, string][] = [];
    while (text[i] === " ") {
      i++;
      const eq = text.indexOf("=", i);
      const name = text.slice(i, eq);
      if (!SD_NAME.test(name) || /[\]" ]/.test(name)) throw new Error(`bad PARAM-NAME ${JSON.stringify(name)}`);
      if (text[eq + 1] !== '"') throw new Error(`no opening quote for ${name}`);
      i = eq + 2;
      let value = "";
      for (;;) {
        const ch = text[i];
        if (ch === undefined) throw new Error(`unterminated value of ${name}`);
        if (ch === "\\" && (text[i + 1] === '"' || text[i + 1] === "\\" || text[i + 1] === "]")) {
          value += text[i + 1];
          i += 2;
          continue;
        }
        if (ch === '"') break;
        if (ch === "]") throw new Error(`unescaped ] in the value of ${name}`);
        value += ch;
        i++;
      }
      i++; // closing quote
      params.push([name, value]);
    }
    if (text[i] !== "]") throw new Error(`SD element ${id} not closed`);
    i++;
    elements.push({ id, params });
  }
  if (elements.length === 0) throw new Error(`no structured data: ${JSON.stringify(text.slice(0, 40))}`);
  return { elements, rest: text.slice(i) };
}

function indexOfAny(text: string, chars: readonly string[], from: number): number {
  const found = chars.map((ch) => text.indexOf(ch, from)).filter((index) => index !== -1);
  if (found.length === 0) throw new Error("structured data ends early");
  return Math.min(...found);
}
