/**
 * The terminal chat of the local sandbox: one sandbox user talks to the real bot through the emulator.
 * Lines are messages; "#N" presses button N of the latest bot message with buttons; "@query" runs an inline
 * query and "@#N" sends result N; "/quit" leaves. Piped input is processed line by line, waiting for the bot.
 */
import { createInterface } from "node:readline";
import type { InlineKeyboardButton } from "grammy/types";
import { buttonsOf } from "./actor-common.js";
import type { BotApiEmulator } from "./emulator.js";
import type { InlineAnswer } from "./inline-actions.js";
import { DEFAULT_DOWNLOADS_DIR, saveDocument } from "./terminal-files.js";
import { renderBotMessage, renderText } from "./terminal-render.js";
import type { TestUser } from "./test-user.js";
import type { MessageEvent, SentMessage } from "./types.js";

export interface TerminalChatOptions {
  emulator: BotApiEmulator;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  languageCode?: string;
  interactive: boolean;
  /** Where documents the bot sends are saved (default: relay-sandbox-downloads in the temp folder). */
  downloadsDir?: string;
}

interface ChatState {
  user: TestUser;
  botUsername: string;
  lastWithButtons?: SentMessage;
  inline?: { query: string; answer: InlineAnswer };
}

/** Runs the chat until /quit or the end of input; resolves after the bot's last replies. */
export async function runTerminalChat(opts: TerminalChatOptions): Promise<void> {
  const { emulator, input, output, interactive } = opts;
  const styled = interactive && (output as { isTTY?: boolean }).isTTY === true;
  const write = (line = "") => output.write(`${line}\n`);
  const user = emulator.user({
    first_name: "You",
    username: "sandbox_reader",
    language_code: opts.languageCode ?? "en",
  });
  const state: ChatState = { user, botUsername: emulator.botInfo.username };
  banner(write, emulator);

  const onMessage = (event: MessageEvent) => {
    if (event.message.chat_id !== user.id) return;
    for (const line of renderBotMessage(event.kind, event.message, styled)) write(line);
    if (event.kind === "sent") {
      const saved = saveDocument(
        event.message,
        (id) => emulator.file(id)?.bytes,
        opts.downloadsDir ?? DEFAULT_DOWNLOADS_DIR,
      );
      if (saved) write(saved);
    }
    if (event.kind !== "deleted" && buttonsOf(event.message.reply_markup).length > 0)
      state.lastWithButtons = event.message;
  };
  emulator.on("message", onMessage);
  const rl = createInterface({
    input,
    output: interactive ? output : undefined,
    terminal: styled,
    crlfDelay: Infinity,
  });
  const settle = () =>
    emulator
      .waitForIdle(interactive ? 5000 : 15_000)
      .catch(() => write("(the bot is still busy; carrying on)"));
  if (interactive) rl.setPrompt("you › ");
  try {
    if (interactive) rl.prompt();
    for await (const raw of rl) {
      const line = raw.trim();
      if (line === "/quit" || line === "/exit") break;
      if (line !== "") {
        if (!interactive) write(`you › ${line}`);
        await handleLine(line, state, write);
        await settle();
      }
      if (interactive) rl.prompt();
    }
    await settle();
  } finally {
    emulator.off("message", onMessage);
    rl.close();
  }
}

function banner(write: (line?: string) => void, emulator: BotApiEmulator): void {
  write("━━ Relay · LOCAL SANDBOX ━━");
  write(
    `This chat talks to a Telegram emulator on 127.0.0.1 (${emulator.apiRoot}): nothing leaves this machine,`,
  );
  write("and the database is a throw-away copy deleted when you quit.");
  write("To run for real, set BOT_TOKEN (from @BotFather) and DATA_KEY; see README.");
  write(
    "Type /start. #N presses button N · @words runs an inline query · @#N sends result N · /quit leaves.",
  );
  write();
}

async function handleLine(line: string, state: ChatState, write: (line?: string) => void): Promise<void> {
  const press = /^#(\d+)$/.exec(line);
  if (press) return pressButton(Number(press[1]), state, write);
  const pick = /^@#(\d+)$/.exec(line);
  if (pick) return sendInlineResult(Number(pick[1]), state, write);
  if (line.startsWith("@")) return runInline(line.slice(1).trim(), state, write);
  state.user.send(line);
}

async function pressButton(n: number, state: ChatState, write: (line?: string) => void): Promise<void> {
  const message = state.lastWithButtons;
  const current = message && state.user.replies().find((m) => m.message_id === message.message_id);
  const ref = buttonsOf(current?.deleted ? undefined : current?.reply_markup)[n - 1];
  if (!current || !ref) return write(`(no button ${n} on the latest message with buttons)`);
  const b: InlineKeyboardButton = ref.button;
  if ("callback_data" in b) {
    const { answer } = await state.user.press(current, { row: ref.row, col: ref.col });
    if (!answer) write("  (the bot did not answer this button)");
    else if (answer.text) write(`  ⟨${answer.show_alert ? "alert" : "toast"}⟩ ${answer.text}`);
    if (answer?.url) return openUrl(answer.url, state, write);
    return;
  }
  if ("url" in b) return openUrl(b.url, state, write);
  if ("switch_inline_query" in b) return runInline(b.switch_inline_query, state, write);
  if ("switch_inline_query_current_chat" in b)
    return runInline(b.switch_inline_query_current_chat, state, write);
  if ("switch_inline_query_chosen_chat" in b)
    return runInline(b.switch_inline_query_chosen_chat.query ?? "", state, write);
  if ("copy_text" in b) return write(`  (copied to the clipboard: ${b.copy_text.text})`);
  if ("login_url" in b) return write(`  ↗ would open ${b.login_url.url}`);
  if ("web_app" in b) return write(`  ↗ would open the web app ${b.web_app.url}`);
  write("  (this button does nothing in the sandbox)");
}

/** A t.me deep link to this bot is followed by sending /start PAYLOAD, as Telegram's apps do. */
function openUrl(url: string, state: ChatState, write: (line?: string) => void): void {
  const deep = /^(?:https?:\/\/)?t\.me\/([A-Za-z0-9_]+)\?start=([A-Za-z0-9_-]{1,64})$/.exec(url);
  if (deep?.[2] && deep[1]?.toLowerCase() === state.botUsername.toLowerCase()) {
    write(`  ↪ ${url}: sending /start ${deep[2]}`);
    state.user.send(`/start ${deep[2]}`);
    return;
  }
  write(`  ↗ would open ${url}`);
}

async function runInline(query: string, state: ChatState, write: (line?: string) => void): Promise<void> {
  let answer: InlineAnswer;
  try {
    answer = await state.user.inline(query);
  } catch {
    return write("  (the bot did not answer the inline query)");
  }
  state.inline = { query, answer };
  const start = answer.button?.start_parameter;
  if (answer.button) write(`  [0] ${answer.button.text}${start ? ` → /start ${start}` : ""}`);
  if (answer.results.length === 0) write("  (no results)");
  answer.results.forEach((r, i) => {
    const raw = r as unknown as Record<string, unknown>;
    const title = typeof raw.title === "string" ? raw.title : `${r.type} ${r.id}`;
    const description = typeof raw.description === "string" ? ` — ${raw.description}` : "";
    write(`  [${i + 1}] ${title}${description}`);
  });
}

function sendInlineResult(n: number, state: ChatState, write: (line?: string) => void): void {
  const inline = state.inline;
  if (!inline) {
    write("(run an inline query with @words first)");
    return;
  }
  const start = inline.answer.button?.start_parameter;
  if (n === 0 && start) {
    write(`  ↪ sending /start ${start}`);
    state.user.send(`/start ${start}`);
    return;
  }
  const result = inline.answer.results[n - 1];
  if (!result) {
    write(`(no result ${n})`);
    return;
  }
  const sent = state.user.chooseInlineResult(result, inline.query);
  const text = sent.text ?? sent.caption ?? "";
  write(`you (via bot) › ${renderText(text, sent.entities ?? [])}`);
}
