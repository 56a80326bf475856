/** Types for snowball-stemmers 0.6 (a CommonJS JS port of the Snowball stemmers; ships no types). */
declare module "snowball-stemmers" {
  export type SnowballAlgorithm =
    | "arabic"
    | "armenian"
    | "basque"
    | "catalan"
    | "czech"
    | "danish"
    | "dutch"
    | "english"
    | "finnish"
    | "french"
    | "german"
    | "hungarian"
    | "italian"
    | "irish"
    | "norwegian"
    | "porter"
    | "portuguese"
    | "romanian"
    | "russian"
    | "spanish"
    | "slovene"
    | "swedish"
    | "tamil"
    | "turkish";

  export interface Stemmer {
    /** Returns the stem of one lower-case word. Not thread-safe: each stemmer holds its current word. */
    stem(word: string): string;
  }

  /** A new stemmer for one algorithm; throws a TypeError for an unknown name. */
  export function newStemmer(algorithm: SnowballAlgorithm): Stemmer;
  /** The names newStemmer accepts. */
  export function algorithms(): SnowballAlgorithm[];
}
