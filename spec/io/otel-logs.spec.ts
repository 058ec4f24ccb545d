import { expect } from "chai";
import { MissingPeerError } from "../../src/core/errors.js";
import { loadOtelApi } from "../../src/io/otel-logs.js";

const notInstalled = (pkg: string) => () =>
  Promise.reject(Object.assign(new Error(`Cannot find package '${pkg}' imported from /app/x.js`), { code: "ERR_MODULE_NOT_FOUND" }));

describe("io/otel-logs loadOtelApi", () => {
  it("names the install when @opentelemetry/api-logs is missing, as the email sink does for nodemailer", async () => {
    const caught = await loadOtelApi({ logs: notInstalled("@opentelemetry/api-logs"), api: () => import("@opentelemetry/api") }).catch((err: unknown) => err);
    expect(caught).to.be.instanceOf(MissingPeerError);
    expect((caught as Error).message).to.equal(
      'the OpenTelemetry sink needs the optional package "@opentelemetry/api-logs": run `npm install @opentelemetry/api-logs`',
    );
  });

  it("names @opentelemetry/api when that one is missing", async () => {
    const caught = await loadOtelApi({ logs: () => import("@opentelemetry/api-logs"), api: notInstalled("@opentelemetry/api") }).catch((err: unknown) => err);
    expect((caught as Error).message).to.contain("npm install @opentelemetry/api`");
  });

  it("rethrows any other import failure as it is (a broken install is not 'missing')", async () => {
    const broken = new SyntaxError("Unexpected token");
    const caught = await loadOtelApi({ logs: () => Promise.reject(broken), api: () => import("@opentelemetry/api") }).catch((err: unknown) => err);
    expect(caught).to.equal(broken);
  });
});
