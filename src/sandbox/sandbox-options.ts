/** Command-line options of the local sandbox: `npm start -- --operator --lang ru`. */

export interface SandboxOptions {
  /** The sandbox user is an operator (their id is added to OPERATOR_IDS). */
  operator: boolean;
  /** The language_code the sandbox user's Telegram app sends. */
  lang: "fr" | "en" | "ru";
  help: boolean;
}

/** One line per option, for the banner and --help. */
export const SANDBOX_OPTION_LINES = [
  "--operator     you are an operator: /post, /updates, /stats … (your id joins OPERATOR_IDS)",
  "--lang fr|en|ru  your Telegram app's language (default en)",
  "--help         this list",
];

/** The in-chat helpers, one line each (the banner prints them; /sandbox repeats them). */
export const SANDBOX_HELPER_LINES = [
  "/sandbox user 2     talk as a second user (/sandbox user 1: back to you)",
  "/sandbox group      talk in a group where you are the admin (/sandbox private: back)",
  "/sandbox forward TEXT  forward TEXT to the bot as a channel post",
  "/sandbox photo [CAPTION]  send a photo",
];

/** Reads argv (after the script); an unknown option is an error naming it. */
export function parseSandboxArgs(argv: readonly string[]): SandboxOptions | { error: string } {
  const options: SandboxOptions = { operator: false, lang: "en", help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--operator") options.operator = true;
    else if (arg === "--help" || arg === "-h") options.help = true;
    else if (arg === "--lang" || arg.startsWith("--lang=")) {
      const value = arg === "--lang" ? argv[++i] : arg.slice("--lang=".length);
      if (value !== "fr" && value !== "en" && value !== "ru") return { error: "--lang takes fr, en or ru" };
      options.lang = value;
    } else return { error: `unknown option ${arg} (try --help)` };
  }
  return options;
}
