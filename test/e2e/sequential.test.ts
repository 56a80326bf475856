import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, OPERATOR_IDS, startHarness } from "./delivery-harness.js";

/**
 * Two updates of one chat are handled one after the other (sequentialize), even though the runner
 * handles updates concurrently: here a draft's first message arrives while /post is still replying.
 * Without sequentialize, the text is read before the conversation has saved that it started, and
 * goes to the question answerer instead of the draft.
 */
describe("one chat's updates in order, with the runner's concurrency (French operator)", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.stop());

  it("gives the text sent right after /post to the draft, while /post's reply is still on its way", async () => {
    const op = h.emulator.user({ id: OPERATOR_IDS.at(-2) as number, language_code: "fr", first_name: "Op" });
    h.emulator.faults.latency(400);
    op.send("/post");
    // Sent while the bot waits on its reply to /post (the emulator holds every answer 400 ms).
    await new Promise((r) => setTimeout(r, 150));
    op.send("Libérée ce matin après trois jours de détention.");
    const deadline = Date.now() + 10_000;
    while (op.replies().length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    h.emulator.faults.latency(0);
    await h.emulator.waitForIdle();
    expect(op.replies().map((m) => m.text)).toEqual([
      expect.stringMatching(/^Envoyez la mise à jour/),
      "En quelle langue est-il écrit ?",
    ]);
    await h.settle();
  });
});
