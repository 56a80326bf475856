/** "sm:5": the next results, from offset 5, of the query shown in the message. */
export const moreData = {
  pattern: /^sm:(\d{1,3})$/,
  encode: (offset: number) => `sm:${offset}`,
  decode: (data: string) => {
    const m = moreData.pattern.exec(data);
    return m ? Number(m[1]) : undefined;
  },
};
