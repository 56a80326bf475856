import type { Article, Edition, Footnote, Inline, Lang, Paragraph, Section } from "../article/model.js";

/**
 * Small articles for the search tests, built in code. Paragraph sources cite footnotes as [^N],
 * as in data/article.*.md; text and inlines are derived the way the parser derives them.
 */
export function fixtureEdition(
  lang: Lang,
  sections: { title?: string; paragraphs: string[] }[],
  notes: string[] = [],
): Edition {
  const cited = new Map<number, { section: number; paragraph: number }>();
  const built: Section[] = sections.map((s, i) => ({
    number: i + 1,
    title: s.title,
    paragraphs: s.paragraphs.map((source, k): Paragraph => {
      const inlines: Inline[] = [];
      const numbers: number[] = [];
      let last = 0;
      for (const m of source.matchAll(/\[\^(\d+)\]/g)) {
        if (m.index > last) inlines.push({ kind: "text", text: source.slice(last, m.index) });
        const note = Number(m[1]);
        inlines.push({ kind: "cite", note });
        numbers.push(note);
        cited.set(note, { section: i + 1, paragraph: k + 1 });
        last = m.index + m[0].length;
      }
      if (last < source.length) inlines.push({ kind: "text", text: source.slice(last) });
      let text = "";
      for (const span of inlines) text = span.kind === "text" ? text + span.text : text.trimEnd();
      return { section: i + 1, index: k + 1, kind: "text", inlines, text: text.trim(), notes: numbers };
    }),
  }));
  const footnotes: Footnote[] = notes.map((text, i) => ({
    number: i + 1,
    text,
    citedIn: cited.get(i + 1) ?? { section: 1, paragraph: 1 },
  }));
  return { lang, title: `Fixture ${lang}`, sections: built, notes: footnotes };
}

/** An article from editions (French first and required). */
export function fixtureArticle(fr: Edition, ...others: Edition[]): Article {
  const editions = { fr, ...Object.fromEntries(others.map((e) => [e.lang, e])) } as Article["editions"];
  const available = (["fr", "en", "ru"] as const).filter((l) => editions[l]);
  return { editions, available };
}

/** A three-language miniature of the article: two sections, two footnotes. */
export function miniArticle(): Article {
  const fr = fixtureEdition(
    "fr",
    [
      {
        paragraphs: [
          "Les manifestants ont occupé l’Akimat d’Almaty. La police a tiré sur la foule.",
          "Un président qui appelle son peuple «terroriste» constitue un nadir [^1], selon avtonom.org.",
        ],
      },
      {
        title: "Entretien à Almaty",
        paragraphs: [
          "Le mouvement a démarré après l’action de Beibarys Tolymbekov et Asya Tulesova pendant le marathon [^2].",
          "Aujourd’hui, l’OTSC occupe l’aéroport et les soldats russes patrouillent.",
        ],
      },
    ],
    [
      "En astronomie, le nadir est l’opposé du zénith, le point le plus bas.",
      "Asya Tulesova et Beibarys Tolymbekov ont été condamnés à 15 jours pour une banderole sur le trajet du marathon.",
    ],
  );
  const en = fixtureEdition(
    "en",
    [
      {
        paragraphs: [
          "The protesters occupied the akimat in Almaty. The police fired on the crowd.",
          "A president who calls his own people “terrorists” marks a nadir [^1], says avtonom.org.",
        ],
      },
      {
        title: "Interview in Almaty",
        paragraphs: [
          "The movement started after the action by Beibarys Tolymbekov and Asya Tulesova during the marathon [^2].",
          "Today the CSTO holds the airport and Russian soldiers patrol.",
        ],
      },
    ],
    [
      "In astronomy, the nadir is the opposite of the zenith, the lowest point.",
      "Asya Tulesova and Beibarys Tolymbekov were sentenced to 15 days in prison for a banner on the marathon route.",
    ],
  );
  const ru = fixtureEdition(
    "ru",
    [
      {
        paragraphs: [
          "Протестующие заняли акимат в Алматы. Полиция стреляла по толпе.",
          "Президент, называющий свой народ «террористами», — это надир [^1], пишет avtonom.org.",
        ],
      },
      {
        title: "Интервью в Алматы",
        paragraphs: [
          "Движение возникло после акции Бейбарыса Толымбекова и Аси Тулесовой во время марафона [^2].",
          "Сегодня ОДКБ удерживает аэропорт, а российские солдаты патрулируют улицы.",
        ],
      },
    ],
    [
      "В астрономии надир — точка, противоположная зениту; самая низкая точка.",
      "Ася Тулесова и Бейбарыс Толымбеков были приговорены к 15 суткам ареста за баннер на трассе марафона.",
    ],
  );
  return fixtureArticle(fr, en, ru);
}
