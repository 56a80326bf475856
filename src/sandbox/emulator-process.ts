/**
 * Runs an emulator in its own process, for benchmarks and tests that drive it over HTTP:
 *   tsx src/sandbox/emulator-process.ts --port 0 --rate-global 30 --rate-chat 1
 * Prints one JSON line {"apiRoot","token"} once listening; exits 0 on SIGTERM or SIGINT.
 */
import { parseArgs } from "node:util";
import { BotApiEmulator } from "./emulator.js";
import type { RateLimitOptions } from "./types.js";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "0" },
    token: { type: "string" },
    "rate-global": { type: "string" },
    "rate-chat": { type: "string" },
    "rate-group-minute": { type: "string" },
    "retry-after": { type: "string" },
    "exempt-replies": { type: "boolean", default: false },
    latency: { type: "string" },
  },
  strict: true,
});

const number = (v: string | undefined) => (v === undefined ? undefined : Number(v));

const rateLimit: RateLimitOptions = {
  global: number(values["rate-global"]),
  perChat: number(values["rate-chat"]),
  perGroupPerMinute: number(values["rate-group-minute"]),
  retryAfter: number(values["retry-after"]),
  exemptReplies: values["exempt-replies"],
};
const limited =
  rateLimit.global !== undefined ||
  rateLimit.perChat !== undefined ||
  rateLimit.perGroupPerMinute !== undefined;

const emulator = await BotApiEmulator.start({
  port: Number(values.port),
  token: values.token,
  rateLimit: limited ? rateLimit : undefined,
});
const latency = number(values.latency);
if (latency) emulator.faults.latency(latency);

process.stdout.write(`${JSON.stringify({ apiRoot: emulator.apiRoot, token: emulator.token })}\n`);

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  void emulator.close().then(() => process.exit(0));
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
