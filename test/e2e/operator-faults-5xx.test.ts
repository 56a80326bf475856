import { it } from "vitest";
import { BAD_GATEWAY, everyStepScenario } from "./operator-faults.js";

it("with a 502 injected at every step, on Telegram's limits, /post publishes, /edit corrects, /retract retracts", async () => {
  await everyStepScenario(BAD_GATEWAY);
}, 180_000);
