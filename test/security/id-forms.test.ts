import { describe, expect, it } from "vitest";
import { findForms, idForms } from "./id-forms.js";

describe("idForms", () => {
  const id = -1_001_987_654_321;
  const forms = idForms(id);

  it("finds an id written as text, hex, base64 or a SQLite integer anywhere in a blob", () => {
    const noise = Buffer.from("0123456789abcdef".repeat(4));
    const int48 = Buffer.alloc(6);
    int48.writeIntBE(id, 0, 6);
    const samples = [
      Buffer.from(`x${id}y`),
      Buffer.from(`…${(1_987_654_321).toString(16)}…`),
      Buffer.from(`!!${Buffer.from(`ab${id}`).toString("base64")}`),
      Buffer.concat([noise, int48, noise]),
      Buffer.from(Buffer.concat([Buffer.from([7]), int48]).toString("base64url")),
    ];
    for (const s of samples) expect(findForms(s, forms).length, s.toString("latin1")).toBeGreaterThan(0);
  });

  it("does not see an id in unrelated bytes", () => {
    expect(findForms(Buffer.from("the journalist is free 2026-11-25 1795603781154"), forms)).toEqual([]);
  });
});
