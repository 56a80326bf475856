/**
 * The publishing half of Relay alone, for the fan-out crash test: publishes one update with small chunks
 * and walks its fan-out through the real pump (src/delivery/fan-out.ts), each chunk followed by a pause,
 * as a slow disk would make it, and "chunk N" on stdout once chunk N is committed. The test kills it.
 */
import { createIdentity } from "../../src/db/identity.js";
import { openDatabase } from "../../src/db/open.js";
import { updates } from "../../src/db/updates.js";
import { createFanOut } from "../../src/delivery/fan-out.js";
import { createLogger } from "../../src/logger.js";

const [dbPath, keyHex, chunk] = process.argv.slice(2) as [string, string, string];
const db = openDatabase(dbPath);
const ups = updates(db, createIdentity(Buffer.from(keyHex, "hex")), Date.now, { fanOutChunk: Number(chunk) });
ups.publish({
  draftKey: "fan-out-crash",
  content: { original: "en", bodies: { en: { text: "Chunked news", entities: [] } } },
  sensitive: false,
});
const pause = new Int32Array(new SharedArrayBuffer(4));
let chunks = 1;
process.stdout.write("chunk 1\n");
const fanOut = createFanOut({
  updates: {
    fanningUpdates: () => ups.fanningUpdates(),
    fanOutStep(id) {
      const step = ups.fanOutStep(id);
      process.stdout.write(`chunk ${++chunks}\n`);
      Atomics.wait(pause, 0, 0, 40);
      return step;
    },
  },
  logger: createLogger("error"),
  now: Date.now,
  enqueued: () => {},
});
fanOut.kick();
await fanOut.idle();
process.stdout.write("done\n");
