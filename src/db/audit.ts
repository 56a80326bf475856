import type { Identity } from "./identity.js";
import type { Db } from "./open.js";

export type AuditAction = "post" | "relay" | "edit" | "retract" | "publish";

/** Who did what to which update, and when: the operator as a keyed hash, never the id. */
export function audit(db: Db, ids: Identity, now: () => number) {
  const insert = db.prepare("INSERT INTO audit (operator_key, action, update_id, at) VALUES (?, ?, ?, ?)");
  const forUpdate = db.prepare<[number], { action: AuditAction; at: number }>(
    "SELECT action, at FROM audit WHERE update_id = ? ORDER BY id",
  );
  return {
    record(operatorId: number, action: AuditAction, updateId: number | undefined): void {
      insert.run(ids.lookupKey(operatorId), action, updateId ?? null, now());
    },
    ofUpdate: (updateId: number) => forUpdate.all(updateId),
    /**
     * After AUDIT_KEY_HOURS a row stops naming its operator: the keyed hash becomes an empty blob (the
     * column predates the rule and is NOT NULL), and what was done, to which update and when remain.
     */
    dropKeysBefore: (at: number) =>
      db.prepare("UPDATE audit SET operator_key = X'' WHERE at < ? AND length(operator_key) > 0").run(at)
        .changes,
    /** Audit rows live as long as the updates they speak of. */
    purgeBefore: (at: number) => db.prepare("DELETE FROM audit WHERE at < ?").run(at).changes,
  };
}

export type Audit = ReturnType<typeof audit>;
