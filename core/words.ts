/**
 * A table of words in Chinese and English, and the one way such a table is looked up. Each area
 * keeps its own table (the report's, the package reader's, the command line's, the pane's); they
 * all fill in `{name}` and `{n|one|other}` by core's fillIn, through wordsOf.
 */
import { fillIn } from './messages';
import type { Lang } from './types';

/** One word in each language. */
export type Word = Readonly<Record<Lang, string>>;

/** Word id -> the word in each language: a word without one of the languages does not type. */
export type Words<K extends string = string> = Readonly<Record<K, Word>>;

/** A value put into a word: text or a number as it is; one given in both languages follows the word's. */
export type WordParam = string | number | Readonly<Record<Lang, string>>;
export type WordParams = Readonly<Record<string, WordParam>>;

/** The word `key` of a table in `lang`, its placeholders filled from `params` (one without a value stays as written). */
export type Say<K extends string> = (key: K, lang: Lang, params?: WordParams) => string;

/** The lookup of `table`: only its own word ids type. */
export function wordsOf<K extends string>(table: Words<K>): Say<K> {
  return (key, lang, params = {}) =>
    fillIn(table[key][lang], (name) => {
      const v = params[name];
      if (v === undefined) return undefined;
      return typeof v === 'object' ? v[lang] : String(v);
    });
}

/**
 * An error worded by a table: its message the English, `text(lang)` either language when it is
 * shown. `class PackageError extends wordedError(packageText) {}`.
 */
export function wordedError<K extends string>(say: Say<K>) {
  return class extends Error {
    constructor(
      readonly key: K,
      readonly params: WordParams = {},
    ) {
      super(say(key, 'en', params));
    }

    text(lang: Lang): string {
      return say(this.key, lang, this.params);
    }
  };
}
