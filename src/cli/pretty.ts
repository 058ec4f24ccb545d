/**
 * `flowlog pretty [FILE...]`: log lines (flowlog's NDJSON, pino's shape) to coloured terminal
 * lines or to another of flowlog's formats, filtered, optionally following the files.
 */
import { wantsColor } from "../index.js";
import { readInputs, totalSize } from "./inputs.js";
import { followLines } from "./line-sources.js";
import { BufferedOutput } from "./output.js";
import { parseLine } from "./parse-line.js";
import { ProgressReporter, shouldShowProgress } from "./progress.js";
import { FILTER_HELP, FILTER_OPTIONS, makeFilter, type RecordFilter } from "./record-filter.js";
import { isOutputFormat, OUTPUT_FORMATS, rendererFor, type Renderer } from "./render.js";
import { EXIT, parseCommandLine, UsageError, type Command, type CommandIO } from "./usage.js";

const help = `Usage: flowlog pretty [options] [FILE...]

Shows log files (or stdin when no FILE is given) as readable, coloured lines. Reads
flowlog's NDJSON (file_json) and pino's shape (numeric level, epoch-ms time); any other
line is shown as it is and never stops the stream.

Options:
${FILTER_HELP}
  -f, --follow       keep reading as the files grow, across rotation and truncation (tail -F)
  --format FORMAT    terminal (default), text, json, csv or markdown: the sinks' own formats
  --color, --no-color  force colours on or off (default: NO_COLOR, FORCE_COLOR, then the TTY)
  --progress, --no-progress  progress on stderr (default: for inputs of 64 MB or more when
                     stdout is not a terminal)
  -h, --help         this help

Exit codes: 0 done, 1 a file could not be read, 2 usage error.

Examples:
  flowlog pretty logs/app.ndjson --level WARNING
  node server.js | flowlog pretty
  flowlog pretty -f logs/app.ndjson --logger api --grep "timed? ?out"
  flowlog pretty logs/app.ndjson --since 1h --format csv > last-hour.csv`;

export const pretty: Command = {
  summary: "show NDJSON logs (flowlog's or pino's) as coloured lines, filtered, or converted",
  help,
  run: runPretty,
};

async function runPretty(args: string[], io: CommandIO): Promise<number> {
  const { values, positionals: files } = parseCommandLine({
    args,
    allowPositionals: true,
    allowNegative: true,
    options: {
      ...FILTER_OPTIONS,
      follow: { type: "boolean", short: "f" },
      format: { type: "string", default: "terminal" },
      color: { type: "boolean" },
      progress: { type: "boolean" },
    },
  });
  const format = values.format;
  if (!isOutputFormat(format)) throw new UsageError(`--format: expected one of ${OUTPUT_FORMATS.join(", ")}, got ${JSON.stringify(format)}`);
  if (values.follow === true && files.length === 0) throw new UsageError("--follow needs at least one FILE (stdin is read to its end anyway)");
  const filter = makeFilter(values, Date.now());
  const colors = wantsColor(values.color ?? "auto", io.stdout, io.env);
  const out = new BufferedOutput(io.stdout);
  const renderer = rendererFor(format, colors);
  out.write(renderer.header);
  const show = lineHandler(filter, renderer, out);

  let status: number = EXIT.OK;
  if (values.follow === true) {
    await followAll(files, show, out, io);
  } else {
    const total = await totalSize(files);
    const progress = files.length > 0 && shouldShowProgress(values.progress, io.stdout.isTTY === true, total) ? new ProgressReporter(total, io.stderr) : undefined;
    status = await readInputs(files, io, async (lines) => {
      show(lines);
      await out.flushIfFull();
      return !out.closed;
    }, { command: "pretty", onBytes: (bytes) => progress?.advance(bytes) });
    progress?.finish();
  }
  await out.end();
  return status;
}

type LineHandler = (lines: readonly string[]) => void;

function lineHandler(filter: RecordFilter, renderer: Renderer, out: BufferedOutput): LineHandler {
  return (lines) => {
    for (const line of lines) {
      if (line === "") continue;
      const parsed = parseLine(line);
      if (parsed.kind === "record") {
        if (filter.acceptsRecord(parsed.record)) out.write(renderer.record(parsed.record));
      } else if (filter.acceptsRaw(line)) {
        out.write(renderer.raw(line));
      }
    }
  };
}

/** Every file at once, until SIGINT or SIGTERM (then exit 0 with everything shown). */
async function followAll(files: string[], show: LineHandler, out: BufferedOutput, io: CommandIO): Promise<void> {
  const stop = new AbortController();
  const onSignal = (): void => stop.abort();
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  const notice = (text: string): void => {
    io.stderr.write(`flowlog pretty: ${text}\n`);
  };
  try {
    await Promise.all(
      files.map(async (file) => {
        for await (const lines of followLines(file, { signal: stop.signal, notice })) {
          show(lines);
          // A followed file is read in small steps: show each as it comes.
          await out.flush();
          if (out.closed) stop.abort();
        }
      }),
    );
  } finally {
    process.removeListener("SIGINT", onSignal);
    process.removeListener("SIGTERM", onSignal);
  }
}
