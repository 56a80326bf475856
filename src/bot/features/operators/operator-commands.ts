import { relayCommand } from "../../commands.js";
import type { RelayContext } from "../../context.js";
import type { OperatorDeps, OperatorRepositories } from "./index.js";
import { updateLine } from "./listing.js";
import { buttons } from "./steps.js";

/** What operator commands and buttons work with. */
export interface OperatorTools {
  deps: OperatorDeps;
  ups: OperatorRepositories["updates"];
  subs: OperatorRepositories["subs"];
  log: OperatorRepositories["audit"];
  box: OperatorRepositories["outbox"];
}

/**
 * /post /updates /retract /edit /stats /publish /cancel. Mounted under the operator filter
 * (create-bot.ts): anyone else never reaches them and gets what an unknown command gets.
 */
export function operatorCommandList(tools: OperatorTools) {
  const { deps, ups, subs, box } = tools;
  const operatorCommand = (name: string, handler: (ctx: RelayContext) => Promise<unknown>) =>
    relayCommand(name, deps.translator, async (ctx) => {
      await handler(ctx);
    });

  const idArg = (ctx: RelayContext): number | undefined => {
    const n = Number(
      String(ctx.match ?? "")
        .trim()
        .replace(/^#/, ""),
    );
    return Number.isSafeInteger(n) && n > 0 ? n : undefined;
  };

  const busy = async (ctx: RelayContext) => {
    if (Object.keys(ctx.conversation.active()).length === 0) return false;
    await ctx.reply(ctx.t("operators.finish-first"));
    return true;
  };

  return [
    operatorCommand("post", async (ctx) => {
      if (await busy(ctx)) return;
      await ctx.conversation.enter("post");
    }),
    operatorCommand("updates", async (ctx) => {
      const recent = ups.recent(15);
      if (recent.length === 0) return ctx.reply(ctx.t("operators.no-updates"));
      await ctx.reply(
        [ctx.t("operators.updates-title"), ...recent.map((u) => updateLine(ctx.t, u))].join("\n\n"),
      );
    }),
    operatorCommand("retract", async (ctx) => {
      const id = idArg(ctx);
      const u = id === undefined ? undefined : ups.get(id);
      if (!id) return ctx.reply(ctx.t("operators.retract-usage"));
      // A number that names no update (or a digest) is not a missing number: say so.
      if (u?.kind !== "update") return ctx.reply(ctx.t("operators.no-such-update", { id }));
      if (u.retractedAt) return ctx.reply(ctx.t("operators.already-retracted", { id }));
      await ctx.reply(ctx.t("operators.retract-ask", { id }), {
        reply_markup: buttons(
          [ctx.t("operators.retract"), { kind: "retract", id }],
          [ctx.t("operators.cancel"), { kind: "dismiss" }],
        ),
      });
    }),
    operatorCommand("edit", async (ctx) => {
      const id = idArg(ctx);
      const u = id === undefined ? undefined : ups.get(id);
      if (!id) return ctx.reply(ctx.t("operators.edit-usage"));
      // A number that names no update (or a digest) is not a missing number: say so.
      if (u?.kind !== "update") return ctx.reply(ctx.t("operators.no-such-update", { id }));
      if (u.retractedAt) return ctx.reply(ctx.t("operators.already-retracted", { id }));
      if (ups.pending(id) === 0 && !ups.withinEditWindow(id))
        return ctx.reply(ctx.t("operators.edit-too-old", { id }));
      if (await busy(ctx)) return;
      await ctx.conversation.enter("edit", { id });
    }),
    operatorCommand("stats", async (ctx) => {
      const counts = subs.breakdown();
      const sum = (f: (c: (typeof counts)[number]) => boolean) =>
        counts.filter(f).reduce((n, c) => n + c.n, 0);
      const totals = ups.totals();
      const { pending, deletions } = box.counts();
      const c = box.counters.all();
      await ctx.reply(
        ctx.t("operators.stats", {
          subscribers: sum(() => true),
          fr: sum((x) => x.lang === "fr"),
          en: sum((x) => x.lang === "en"),
          ru: sum((x) => x.lang === "ru"),
          instant: sum((x) => x.cadence === "instant"),
          daily: sum((x) => x.cadence === "daily"),
          weekly: sum((x) => x.cadence === "weekly"),
          updates: totals.updates,
          sent: totals.sent + (c.digests_sent ?? 0),
          pending,
          deletions,
          failed: totals.failed + (c.digests_failed ?? 0),
          lost: c.subscribers_lost ?? 0,
        }),
      );
    }),
    operatorCommand("publish", async (ctx) => {
      if (!deps.channel || !deps.publication) return ctx.reply(ctx.t("operators.publish-no-channel"));
      const files = deps.publication.files?.count() ?? 0;
      const ask = ctx.t("operators.publish-ask", { count: deps.publication.posts().length + 1 });
      await ctx.reply(files > 0 ? ask + ctx.t("operators.publish-ask-files") : ask, {
        reply_markup: buttons(
          [ctx.t("operators.publish"), { kind: "publish" }],
          [ctx.t("operators.cancel"), { kind: "dismiss" }],
        ),
      });
    }),
    // Registered for the menu; the conversation-aware handler above answers first for operators.
    operatorCommand("cancel", (ctx) => ctx.reply(ctx.t("operators.nothing-to-cancel"))),
  ];
}
