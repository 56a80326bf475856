/**
 * Benchmark 6's flooding sender, in its own process: one person's client pressing ◀/▶ as fast as it can.
 * It runs apart from the readers' injector because a reader's phone does not share its event loop with
 * the flooder's: in one process, the flood's own HTTP traffic delayed the timers and responses the
 * readers' latencies are measured with. It still shares the machine's cores with everyone.
 */
import { Agent, request } from "node:http";
import { post, receive, runAsWorker } from "../harness/worker-io.js";

export interface FlooderInput {
  apiRoot: string;
  userId: number;
  messageId: number;
  presses: number;
  inFlight: number;
}

export interface FlooderOutput {
  /** From the first press sent until the last one was queued, ms. */
  floodMs: number;
  /** This process's CPU time during the flood, ms. */
  cpuMs: number;
}

runAsWorker<FlooderInput, FlooderOutput>(async (input) => {
  const body = JSON.stringify({
    user_id: input.userId,
    message_id: input.messageId,
    button: { row: 0, col: 0 },
    // The emulator queues the press and waits this long for its answer: the flooder never waits.
    timeout_ms: 1,
  });
  // node:http on kept-alive sockets rather than fetch: the flooder's client costs the shared cores a
  // fraction of what undici did (about 1 ms of CPU a press), and it floods no slower for it.
  const url = new URL(`${input.apiRoot}/__control/press`);
  const agent = new Agent({ keepAlive: true, maxSockets: input.inFlight });
  const pressOnce = () =>
    new Promise<void>((resolve) => {
      const req = request(
        url,
        {
          method: "POST",
          agent,
          headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) },
        },
        (res) => {
          res.resume();
          res.on("end", resolve);
          res.on("error", () => resolve());
        },
      );
      req.on("error", () => resolve());
      req.end(body);
    });
  post({ type: "ready" });
  await receive("go");
  let next = 0;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  await Promise.all(
    Array.from({ length: input.inFlight }, async () => {
      while (next < input.presses) {
        next++;
        await pressOnce();
      }
    }),
  );
  const floodMs = performance.now() - t0;
  agent.destroy();
  const cpu = process.cpuUsage(cpu0);
  return { floodMs, cpuMs: (cpu.user + cpu.system) / 1000 };
});
