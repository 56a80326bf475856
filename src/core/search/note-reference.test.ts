import { describe, expect, it } from "vitest";
import { parseNoteReference } from "./note-reference.js";

describe("parseNoteReference", () => {
  it.each([
    ["note 2", 2],
    ["Note 2 ?", 2],
    ["footnote 3", 3],
    ["fn 4", 4],
    ["renvoi 1", 1],
    ["сноска 2", 2],
    ["что в сноске 5?", 5],
    ["примечание 3", 3],
    ["прим. 3", 3],
    ["note n°2", 2],
    ["note no. 2", 2],
    ["la note numéro 4", 4],
    ["footnote number 4", 4],
    ["сноска №2", 2],
    ["сноска номер 2", 2],
    ["que dit la note 3 ?", 3],
    ["what does footnote 1 say", 1],
    ["note deux", 2],
    ["footnote two", 2],
    ["сноска пять", 5],
    ["la deuxième note", 2],
    ["the second footnote", 2],
    ["2nd footnote", 2],
    ["2e note", 2],
    ["вторая сноска", 2],
    ["во второй сноске", 2],
    ["2-я сноска", 2],
    ["(2)", 2],
    [" [3] ", 3],
    ["[^4]", 4],
    ["n2", 2],
    ["n°2", 2],
    ["№3", 3],
    ["#5", 5],
    ["fn2", 2],
    ["note9", 9],
    ["note 9", 9],
    ["note 0", 0],
  ])("reads %j as footnote %i", (text, note) => {
    expect(parseNoteReference(text)).toBe(note);
  });

  it.each([
    "2",
    "1986",
    "what happened in 1986?",
    "note 1986",
    "c'est quoi le nadir ?",
    "quelle note parle du nadir ?",
    "кого посадили на 15 суток?",
    "the notes",
    "",
  ])("finds no direct reference in %j", (text) => {
    expect(parseNoteReference(text)).toBeUndefined();
  });
});
