// Types through require(): checked by tsc (module nodenext) against the packed tarball.
import flowlog = require("flowlog");

const log = new flowlog.Logger("cjs", { config: { sinks: { terminal: { min_level: "info" } } } });
log.error(new Error("typed"), "through require");
// @ts-expect-error a misspelled key: the types resolved (with `any` this directive would be unused)
new flowlog.Logger("cjs", { config: { sinks: { terminal: { min_levle: "info" } } } });
// @ts-expect-error not a level
log.log("warnn", "x");
export = log;
