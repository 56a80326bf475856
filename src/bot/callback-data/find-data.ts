/** "fa": find the message this one replies to in the article (the button beside an operator's relay offer). */
export const findData = {
  pattern: /^fa$/,
  encode: () => "fa",
};
