/** A footnote button: "nt:5". */
export const noteData = {
  pattern: /^nt:(\d{1,2})$/,
  encode: (note: number) => `nt:${note}`,
  decode(data: string): number | undefined {
    const m = noteData.pattern.exec(data);
    return m ? Number(m[1]) : undefined;
  },
};
