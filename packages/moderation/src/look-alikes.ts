/**
 * Characters that stand in for a Latin letter in evasive spellings, applied after NFKD folding
 * and lower-casing (so full-width, circled and mathematical letters are already plain Latin).
 * Cyrillic and Greek letters that look like Latin ones, and the usual leetspeak digits.
 * `l` is read as `i` (as are `1`, `|` and `!`): the three are swapped for one another so often
 * that the skeleton of "kill" is "kiii", and "k1ll", "ki11" and "kiII" all reach it.
 */
export const LOOK_ALIKE_LETTERS: ReadonlyMap<string, string> = new Map(
  Object.entries({
    // Cyrillic
    а: 'a',
    в: 'b',
    е: 'e',
    ё: 'e',
    і: 'i',
    ї: 'i',
    ј: 'j',
    к: 'k',
    м: 'm',
    н: 'h',
    о: 'o',
    р: 'p',
    с: 'c',
    т: 't',
    у: 'y',
    х: 'x',
    ѕ: 's',
    һ: 'h',
    ԁ: 'd',
    ӏ: 'i',
    ԛ: 'q',
    ԝ: 'w',
    ь: 'b',
    // Greek
    α: 'a',
    β: 'b',
    ε: 'e',
    η: 'n',
    ι: 'i',
    κ: 'k',
    ν: 'v',
    ο: 'o',
    ρ: 'p',
    τ: 't',
    υ: 'u',
    χ: 'x',
    ω: 'w',
    // Latin oddities NFKD leaves alone
    ı: 'i',
    ł: 'i',
    ø: 'o',
    đ: 'd',
    ħ: 'h',
    ß: 'ss',
    æ: 'ae',
    œ: 'oe',
    ſ: 's',
    // Leetspeak digits
    '0': 'o',
    '1': 'i',
    l: 'i',
    '3': 'e',
    '4': 'a',
    '5': 's',
    '7': 't',
    '8': 'b',
    '9': 'g',
  }),
);

/**
 * Symbols read as a letter only inside a word (followed by a letter or digit), so that
 * "sh!t" and "$hit" fold to letters while the "!" in "stop!" stays punctuation.
 */
export const LOOK_ALIKE_SYMBOLS: ReadonlyMap<string, string> = new Map(
  Object.entries({ '@': 'a', $: 's', '!': 'i', '|': 'i', '€': 'e', '£': 'i' }),
);
