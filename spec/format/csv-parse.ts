/**
 * A strict RFC 4180 parser, for the CSV tests only: it throws where a lenient parser would
 * guess, so a row that only "looks" right to a forgiving reader fails here.
 *
 * Rules: records end in CRLF (the last one too); a field is either unquoted, holding no `"`,
 * `,`, CR or LF, or quoted, where `""` stands for `"` and CR/LF are data; a closing quote must
 * be followed by `,`, CRLF or the end of input.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  if (text.length === 0) return rows;
  for (;;) {
    let field = "";
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= text.length) throw new Error(`unterminated quoted field at ${i}`);
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += text[i++];
      }
    } else {
      while (i < text.length && text[i] !== "," && text[i] !== "\r" && text[i] !== "\n") {
        if (text[i] === '"') throw new Error(`quote inside an unquoted field at ${i}`);
        field += text[i++];
      }
    }
    row.push(field);
    if (text[i] === ",") {
      i++;
      continue;
    }
    if (text[i] === "\r" && text[i + 1] === "\n") {
      i += 2;
      rows.push(row);
      row = [];
      if (i === text.length) return rows;
      continue;
    }
    if (i >= text.length) throw new Error("last record does not end in CRLF");
    throw new Error(`unexpected ${JSON.stringify(text[i])} after a field at ${i}`);
  }
}
