import { audit } from "./audit.js";
import { autoDeletions } from "./auto-delete.js";
import { checkpointsAside } from "./checkpoints-aside.js";
import { conversationStore } from "./conversations.js";
import { digests } from "./digests.js";
import { editionFileIds } from "./edition-files.js";
import type { Identity } from "./identity.js";
import { type Db, truncateWal } from "./open.js";
import { outbox } from "./outbox.js";
import { personalData } from "./personal-data.js";
import { preferences } from "./preferences.js";
import { subscribers } from "./subscribers.js";
import { updates } from "./updates.js";

/**
 * Every repository, each prepared once over one database. The composition root (src/app.ts) calls this
 * once and hands each feature the narrow part it uses; no feature sees the database handle.
 * `Draft` is the conversations plugin's state, which db/ stores sealed without knowing its shape.
 */
export function createRepositories<Draft = unknown>(db: Db, ids: Identity, now: () => number) {
  const prefs = preferences(db, ids, now);
  const subs = subscribers(db, ids, now);
  return {
    prefs,
    subs,
    updates: updates(db, ids, now),
    outbox: outbox(db, ids, now),
    digests: digests(db, now),
    audit: audit(db, ids, now),
    conversations: conversationStore<Draft>(db, ids, now),
    personal: personalData(db, ids, prefs, subs),
    autoDeletions: autoDeletions(db, ids, now),
    editionFiles: editionFileIds(db),
    /** Empties the WAL, whose older page images still hold what was just purged. */
    truncateWal: () => void truncateWal(db),
    /** Checkpoints in a worker thread while a fan-out writes (db/checkpoints-aside.ts). */
    checkpointsAside: () => checkpointsAside(db),
  };
}

export type Repositories<Draft = unknown> = ReturnType<typeof createRepositories<Draft>>;
