/**
 * The layers of src/, checked in CI (`npx depcruise src`): ARCHITECTURE.md draws the same picture.
 *
 *   index.ts, cli/         the public surface, and the command built on it
 *   logger.ts              Logger
 *   runtime/               logger core, sink runners, report, process hooks
 *   sinks/                 one file per sink: a formatter + operators + an io client
 *   format/  operators/  io/  config/      side by side, never importing each other
 *   serialize/  redact/    safe values, redaction
 *   core/                  the vocabulary everyone shares: levels, record, delivery events, errors
 *
 * A folder imports only from folders below it. Each rule below forbids one thing, and its
 * comment says why. Type-only imports count: a type is a dependency too.
 */

/** Every folder of src/, for "may import only ..." rules. */
const layer = (...folders) => `^src/(${folders.join("|")})/`;

/** Node and npm modules that reach the outside world (files, sockets, HTTP, SMTP). */
const OUTSIDE = "^(node:)?(fs|fs/promises|net|tls|dgram|http|https|http2|child_process)$|^(undici|nodemailer)$";

/** Sink files that exist to be shared by the sinks (the contract and the common wiring). */
const SHARED_SINK_FILES = "^src/sinks/(sink|pipeline|remote-sink|http-transport|check-option|secret-url|record-operators)\\.ts$";

module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "No import cycles between files: a cycle means two files are one concern, or a type lives in the wrong place.",
      from: { path: "^src/" },
      to: { circular: true },
    },
    {
      name: "core-imports-nothing",
      severity: "error",
      comment: "core/ is the shared vocabulary at the bottom: it imports nothing else of flowlog.",
      from: { path: "^src/core/" },
      to: { path: "^src/", pathNot: "^src/core/" },
    },
    {
      name: "serialize-and-redact-on-core-only",
      severity: "error",
      comment: "serialize/ and redact/ turn values into safe values; they know only the vocabulary.",
      from: { path: layer("serialize", "redact") },
      to: { path: "^src/", pathNot: layer("core", "serialize", "redact") },
    },
    {
      name: "format-is-pure",
      severity: "error",
      comment: "format/ turns records into text or payloads: it imports core and serialize, never io, operators, sinks or config.",
      from: { path: "^src/format/" },
      to: { path: "^src/", pathNot: layer("core", "serialize", "format") },
    },
    {
      name: "operators-are-generic",
      severity: "error",
      comment: "operators/ are RxJS operators over any element type: they know core and rxjs, not sinks, io or formats.",
      from: { path: "^src/operators/" },
      to: { path: "^src/", pathNot: layer("core", "operators") },
    },
    {
      name: "operators-know-no-record",
      severity: "error",
      comment:
        "operators/ work on any element type: what a log record's level, weight or alert fingerprint is comes in as functions (as mergeMap takes `concurrent`), bound to records in sinks/record-operators.ts. So an operator imports nothing that knows LogRecord: not core/record.ts (nor format/, sinks/, io/, which the rule above already keeps out).",
      from: { path: "^src/operators/" },
      to: { path: "^src/core/record\\.ts$" },
    },
    {
      name: "io-knows-no-format",
      severity: "error",
      comment: "io/ writes bytes it is given (files, HTTP, SMTP, syslog): it imports core and serialize, never a formatter or an operator.",
      from: { path: "^src/io/" },
      to: { path: "^src/", pathNot: layer("core", "serialize", "io") },
    },
    {
      name: "config-on-core-only",
      severity: "error",
      comment: "config/ decodes and merges configuration; it builds no sink and formats nothing.",
      from: { path: "^src/config/" },
      to: { path: "^src/", pathNot: layer("core", "config") },
    },
    {
      name: "only-io-touches-the-outside",
      severity: "error",
      comment:
        "Inside the library only io/ opens files and sockets (config/sources/ reads configuration files): a sink never calls fs or undici itself. The CLI is an application on top of the library and reads files as any application does.",
      from: { path: "^src/", pathNot: "^src/(io|config/sources|cli)/" },
      to: { path: OUTSIDE },
    },
    {
      name: "sinks-below-runtime",
      severity: "error",
      comment: "sinks/ wire a formatter, operators and an io client; the runtime runs them, so a sink never imports the runtime or the Logger.",
      from: { path: "^src/sinks/" },
      to: { path: "^src/(runtime/|logger\\.ts$|index\\.ts$|cli/)" },
    },
    {
      name: "sinks-never-import-each-other",
      severity: "error",
      comment: "A sink shares code through the shared sink files (contract, pipeline, remote sink, transports), never by importing another sink. from-config.ts builds every sink from a config, so it is the one exception.",
      from: { path: "^src/sinks/", pathNot: "^src/sinks/from-config\\.ts$" },
      to: { path: "^src/sinks/", pathNot: SHARED_SINK_FILES },
    },
    {
      name: "runtime-below-logger",
      severity: "error",
      comment: "runtime/ is what the Logger is built on: it never imports the Logger or the public surface.",
      from: { path: "^src/runtime/" },
      to: { path: "^src/(logger\\.ts$|index\\.ts$|cli/)" },
    },
    {
      name: "nothing-imports-the-surface",
      severity: "error",
      comment: "index.ts is the public surface: only the CLI builds on it; inside the library, import the module itself.",
      from: { path: "^src/", pathNot: "^src/(cli/|index\\.ts$)" },
      to: { path: "^src/(index\\.ts$|cli/)" },
    },
    {
      name: "cli-uses-the-public-surface",
      severity: "error",
      comment: "The flowlog command is a user of the library like any other: it imports src/index.ts (and its own files), nothing deeper.",
      from: { path: "^src/cli/" },
      to: { path: "^src/", pathNot: "^src/(cli/|index\\.ts$)" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
  },
};
