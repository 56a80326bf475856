/** The /forget buttons: ask (from /mydata), confirm, cancel. "fg:yes" is 6 bytes. */
export type ForgetAction = "ask" | "yes" | "no";

export const forgetData = {
  pattern: /^fg:(ask|yes|no)$/,
  encode: (action: ForgetAction) => `fg:${action}`,
  decode: (data: string): ForgetAction | undefined =>
    forgetData.pattern.exec(data)?.[1] as ForgetAction | undefined,
};
