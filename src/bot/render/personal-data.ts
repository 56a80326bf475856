import type { PersonalData } from "../../db/personal-data.js";

/** True when no row holds anything about this person (/mydata and /forget say so alike). */
export function isEmpty(d: PersonalData): boolean {
  const { pending, sent, other } = d.deliveries;
  return (
    !d.language &&
    !d.subscription &&
    pending + sent + other === 0 &&
    !d.conversation &&
    d.progressMessages === 0 &&
    !d.autoDelete
  );
}
