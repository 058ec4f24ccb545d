// Types through import: checked by tsc (module nodenext) against the packed tarball.
import { Logger, type FlowlogConfigInput } from "flowlog";

const config = { sinks: { file_json: { enabled: true, min_level: "warn" } } } satisfies FlowlogConfigInput;
const log = new Logger("esm", { config });
log.warn("typed");
// @ts-expect-error a misspelled key: the types resolved (with `any` this directive would be unused)
new Logger("esm", { config: { sinks: { terminal: { min_levle: "info" } } } });
export { log };
