import { getOrMake } from "../core/memo.js";
import type { StoredUpdate, UpdateStamp } from "../db/updates.js";

/** The reads the cache needs: the cheap stamp for every delivery, the full (sealed) update once per version. */
export interface UpdateSource {
  get(id: number): StoredUpdate | undefined;
  stamp(id: number): UpdateStamp | undefined;
}

interface Entry {
  key: string;
  update: StoredUpdate;
  renders: Map<string, unknown>;
}

/**
 * A broadcast sends the same update to every subscriber: it is opened (AES-GCM, JSON) once per version and
 * each rendering (a language, with or without buttons) made once, not once per message. Every lookup
 * still reads the update's stamp, so an /edit (a new version) or a /retract is seen by the very next
 * delivery, as without the cache. Bounded: the updates of a few broadcasts at most.
 */
export function createRenderCache(updates: UpdateSource, limit = 32) {
  const entries = new Map<number, Entry>();
  // Stamps read during one synchronous run (the dispatcher builds a claimed batch in one): nothing else
  // can write the database before it ends, so one read per update serves the whole batch.
  const stamps = new Map<number, UpdateStamp | undefined>();
  const stampOf = (id: number) => {
    if (stamps.size === 0) queueMicrotask(() => stamps.clear());
    return getOrMake(stamps, id, () => updates.stamp(id));
  };
  return {
    /** The update as it stands; undefined when it is gone or retracted. */
    live(id: number): StoredUpdate | undefined {
      const stamp = stampOf(id);
      if (!stamp || stamp.retracted) {
        entries.delete(id);
        return undefined;
      }
      const key = `${stamp.version}:${stamp.createdAt}`;
      const hit = entries.get(id);
      if (hit?.key === key) return hit.update;
      const update = updates.get(id);
      // Read in the same synchronous step as the stamp: the same version, unless it was just removed.
      if (!update || update.retractedAt !== undefined || update.version !== stamp.version) {
        entries.delete(id);
        return update && update.retractedAt === undefined ? update : undefined;
      }
      entries.delete(id);
      entries.set(id, { key, update, renders: new Map() });
      if (entries.size > limit) entries.delete(entries.keys().next().value as number);
      return update;
    },
    /** A rendering of `update` made once under `key` for as long as the update is unchanged. */
    render<T>(update: StoredUpdate, key: string, make: () => T): T {
      const entry = entries.get(update.id);
      if (!entry || entry.update !== update) return make();
      return getOrMake(entry.renders, key, make) as T;
    },
  };
}

export type RenderCache = ReturnType<typeof createRenderCache>;
