import * as http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * The receiving end of the `otel` case: an OTLP/HTTP logs endpoint on 127.0.0.1 that parses each
 * request (the JSON the SDK exporter sends), counts its log records and answers `200 {}`, as a
 * Collector's otlp receiver does. It counts instead of keeping records, so the case's memory
 * figures are flowlog's and the SDK's, not the receiver's.
 */
export interface OtlpCounter {
  readonly endpoint: string;
  /** Log records received so far. */
  received(): number;
  close(): Promise<void>;
}

export async function startOtlpCounter(): Promise<OtlpCounter> {
  let count = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { resourceLogs?: Array<{ scopeLogs?: Array<{ logRecords?: unknown[] }> }> };
        for (const resource of body.resourceLogs ?? []) for (const scope of resource.scopeLogs ?? []) count += scope.logRecords?.length ?? 0;
        res.writeHead(200, { "content-type": "application/json" }).end("{}");
      } catch {
        res.writeHead(400, { "content-type": "application/json" }).end('{"message":"not JSON"}');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}/v1/logs`,
    received: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
