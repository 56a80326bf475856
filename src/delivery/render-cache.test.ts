import { describe, expect, it } from "vitest";
import type { StoredUpdate, UpdateStamp } from "../db/updates.js";
import { createRenderCache } from "./render-cache.js";

/** One update in memory, counting how often it is opened and stamped; edit and retract as the table would. */
function source() {
  const state = { version: 1, createdAt: 1000, retracted: false, text: "v1" };
  const reads = { get: 0, stamp: 0 };
  return {
    state,
    reads,
    get(id: number): StoredUpdate | undefined {
      reads.get++;
      if (id !== 7) return undefined;
      return {
        id,
        kind: "update",
        content: { original: "en", bodies: { en: { text: state.text, entities: [] } } },
        sensitive: false,
        version: state.version,
        createdAt: state.createdAt,
        retractedAt: state.retracted ? 2000 : undefined,
        recipients: 0,
        sent: 0,
        failed: 0,
        resent: 0,
        digestRecipients: 0,
        digestSent: 0,
      };
    },
    stamp(id: number): UpdateStamp | undefined {
      reads.stamp++;
      return id === 7
        ? { version: state.version, createdAt: state.createdAt, retracted: state.retracted }
        : undefined;
    },
  };
}

/** The next turn of the event loop: what separates one batch of the dispatcher from the next. */
const nextTurn = () => new Promise((r) => setImmediate(r));

describe("the render cache", () => {
  it("opens an update once per version and renders each language once, however many sends", async () => {
    const updates = source();
    const cache = createRenderCache(updates);
    let renders = 0;
    const render = () => {
      const u = cache.live(7);
      if (!u) throw new Error("gone");
      return cache.render(u, "en", () => `${u.content.bodies.en?.text} #${++renders}`);
    };
    for (let i = 0; i < 100; i++) expect(render()).toBe("v1 #1");
    await nextTurn();
    expect(render()).toBe("v1 #1");
    expect(updates.reads.get).toBe(1);
    // One stamp a turn: within one batch nothing else writes the database.
    expect(updates.reads.stamp).toBe(2);
    expect(cache.live(8)).toBeUndefined();
  });

  it("renders again after an /edit, and stops at once after a /retract", async () => {
    const updates = source();
    const cache = createRenderCache(updates);
    const text = () => {
      const u = cache.live(7);
      return u && cache.render(u, "en", () => u.content.bodies.en?.text);
    };
    expect(text()).toBe("v1");
    await nextTurn();
    updates.state.version = 2;
    updates.state.text = "v2";
    expect(text()).toBe("v2");
    await nextTurn();
    updates.state.retracted = true;
    expect(text()).toBeUndefined();
    expect(cache.live(7)).toBeUndefined();
  });

  it("holds a bounded number of updates", () => {
    let opened = 0;
    const many = {
      get: (id: number) => {
        opened++;
        return { ...(source().get(7) as StoredUpdate), id };
      },
      stamp: (): UpdateStamp => ({ version: 1, createdAt: 1, retracted: false }),
    };
    const cache = createRenderCache(many, 4);
    for (let id = 1; id <= 6; id++) cache.live(id);
    cache.live(6);
    expect(opened).toBe(6);
    cache.live(1); // evicted: opened again
    expect(opened).toBe(7);
  });
});
