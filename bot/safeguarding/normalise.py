"""Spelling for crisis-word matching: normalisation, tokens, and the typing slips forgiven.

Young people type on whatever keyboard they have: a Pashto speaker on a Persian layout writes
ی for ې, an Arabic speaker may or may not add hamza or harakat, a Vietnamese speaker may type
without tones, and anyone in distress may write "nooooo" or break a word with a zero-width
joiner. Matching only works if both sides are folded to one spelling first, applied alike to
messages and lexicon entries; beyond that, one typing slip in a long word is forgiven
(`one_slip`). Everything here is pure and deterministic; nothing is logged.
"""

from __future__ import annotations

import re
import unicodedata

# Arabic-script marks that change pronunciation, not the word: Quranic signs, harakat, tanwin,
# shadda, sukun, hamza above/below, superscript alef, small high signs, and tatweel.
_ARABIC_MARKS = [
    *range(0x0610, 0x061B),
    *range(0x064B, 0x0660),
    0x0670,
    *range(0x06D6, 0x06DD),
    *range(0x06DF, 0x06E5),
    0x06E7,
    0x06E8,
    *range(0x06EA, 0x06EE),
    0x0640,
    0x0621,  # a standalone hamza is often left out, so leave it out everywhere
]
# Invisible characters: zero-width space/joiners, direction marks and isolates, BOM, soft hyphen.
_INVISIBLE = [0x00AD, 0x061C, *range(0x200B, 0x2010), *range(0x202A, 0x202F), 0x2060]
_INVISIBLE += [*range(0x2066, 0x206A), 0xFEFF]

# Letter variants that keyboards and regions spell differently, folded to one form each.
_VARIANTS = {
    "ی": "يىئېۍێ",  # yeh: Arabic, alef maksura, hamza seat, Pashto ې/ۍ, Sorani ێ
    "ک": "كڪ",  # kaf
    "ه": "ةۀەھہ",  # heh: teh marbuta, heh with yeh, Sorani ە, heh doachashmee, heh goal
    "ا": "أإآٱٲٳٵ",  # alef with hamza, madda or wasla
    "و": "ؤۆۇۉۋ",  # waw with hamza, Sorani ۆ and other waw forms
    "گ": "ګ",  # Pashto gaf
    "ل": "ڵ",  # Sorani velarised lam
    "ر": "ڕړ",  # Sorani trilled reh, Pashto retroflex reh
    "ف": "ڤ",
    "ت": "ټ",  # Pashto retroflex letters typed on Persian keyboards lose their dots
    "د": "ډ",
    "ن": "ڼ",
    "ش": "ښ",
    "ژ": "ږ",
}
_DIGITS = {0x0660 + i: str(i) for i in range(10)} | {0x06F0 + i: str(i) for i in range(10)}


def _ethiopic_homophones() -> dict[int, int]:
    """Map each Ethiopic homophone series onto one series (ሐ/ኀ→ሀ, ሠ→ሰ, ዐ→አ, ፀ→ጸ).

    Amharic writers use these interchangeably; folding both sides costs Tigrinya little
    because a phrase needs every word to match.
    """
    pairs = [(0x1210, 0x1200), (0x1280, 0x1200), (0x1220, 0x1230), (0x12D0, 0x12A0)]
    pairs.append((0x1340, 0x1338))
    return {src + i: dst + i for src, dst in pairs for i in range(7)}


def _table() -> dict[int, int | str | None]:
    table: dict[int, int | str | None] = {cp: None for cp in _ARABIC_MARKS + _INVISIBLE}
    for target, sources in _VARIANTS.items():
        table.update({ord(ch): target for ch in sources})
    table.update(_DIGITS)
    table.update(_ethiopic_homophones())
    return table


_TABLE = _table()
_APOSTROPHE = re.compile(r"(?<=\w)['’ʼ`](?=\w)")
_ELLIPSIS = re.compile(r"\.{2,}")
_LETTER_RUN = re.compile(r"([^\W\d_])\1{2,}")
_PUNCT_RUN = re.compile(r"([^\w\s])\1+")
_SPACE = re.compile(r"\s+")
# Only Latin letters: in Arabic script a written double letter is part of the root (هدد).
_DOUBLE = re.compile(r"([a-z\u00e0-\u024f])\1+")

# Sentence ends: Latin, Arabic (؟ ۔ ؛), Ethiopic (። ፧ ፨) and line breaks. Commas are not.
_SENTENCE_END = re.compile(r"[.!?;؟۔؛።፧፨\n]")
# Ethiopic word space and commas/colons are plain separators.
_ETHIOPIC_SEPARATORS = re.compile(r"[፡፣፤፥፦]")
_ARABIC = "\u0620-\u064a\u066e-\u06d3\u06d5\u06ee\u06ef\u06fa-\u06ff\u0750-\u077f\u08a0-\u08ff"
_ETHIOPIC = "\u1200-\u135f\u1369-\u139f\u2d80-\u2ddf\uab00-\uab2f"
# One token is a run of one script, so "helloسلام" splits in two; digits stay with Latin
# letters because Arabizi writes letters as digits ("2moot", "3ayez").
_TOKEN = re.compile(rf"[{_ARABIC}]+|[{_ETHIOPIC}]+|[^\W_\u0600-\u06ff\u0750-\u08ff{_ETHIOPIC}]+")


def normalise(text: str) -> str:
    """Fold `text` to the one spelling used for matching; punctuation and spaces are kept.

    NFKC, casefold, Arabic marks and tatweel removed, letter variants and digits unified,
    invisible characters removed (so a zero-width non-joiner joins), apostrophes inside words
    dropped ("don't" → "dont"), an ellipsis read as a pause, runs of three or more of one
    letter cut to one ("nooooo" → "no"), repeated punctuation and whitespace collapsed.
    """
    text = unicodedata.normalize("NFKC", text).casefold().translate(_TABLE)
    text = _APOSTROPHE.sub("", text)
    text = _ELLIPSIS.sub(" ", text)
    text = _LETTER_RUN.sub(r"\1", text)
    text = _PUNCT_RUN.sub(r"\1", text)
    return _SPACE.sub(" ", text).strip()


def sentences(text: str) -> list[list[str]]:
    """Normalise `text` and split it into sentences of word tokens, script by script."""
    text = _ETHIOPIC_SEPARATORS.sub(" ", normalise(text))
    return [tokens for part in _SENTENCE_END.split(text) if (tokens := _TOKEN.findall(part))]


def tokens(text: str) -> list[str]:
    """All word tokens of `text` after normalisation, ignoring sentence ends."""
    return [token for sentence in sentences(text) for token in sentence]


def squeeze(token: str) -> str:
    """Cut every doubled Latin letter to one, so "kil", "kill" and "killll" share one key."""
    return _DOUBLE.sub(r"\1", token)


def fold_latin(token: str) -> str:
    """Drop Latin accents and tone marks ("chết" → "chet", "vetëvrasje" → "vetevrasje").

    Only used to let a message typed without accents match an accented lexicon entry; the
    accented form is always matched as written too.
    """
    decomposed = unicodedata.normalize("NFD", token.replace("đ", "d"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def has_latin_accents(sentences: list[list[str]]) -> bool:
    """True when any word carries a Latin accent or tone mark (the writer types them)."""
    return any(
        not token.isascii() and fold_latin(token) != token
        for sentence in sentences
        for token in sentence
    )


def deletions(word: str) -> frozenset[str]:
    """The word and every form of it with one letter left out."""
    return frozenset({word} | {word[:i] + word[i + 1 :] for i in range(len(word))})


def one_slip(word: str, typed: str, loose_vowels: bool = False) -> bool:
    """True when `typed` is `word` with one typing slip after the first letter.

    A slip is a letter left out, an extra letter, two neighbouring letters swapped, or a
    neighbouring key hit instead (Latin letters on a QWERTY keyboard only); with
    `loose_vowels`, also one Latin vowel for another. Other one-letter differences are
    usually another real word ("rates"/"rapes", "انتظار"/"انتحار").
    """
    if word == typed or word[0] != typed[0] or abs(len(word) - len(typed)) > 1:
        return False
    i = next((k for k, (a, b) in enumerate(zip(word, typed, strict=False)) if a != b), None)
    i = min(len(word), len(typed)) if i is None else i
    if len(typed) > len(word):
        return word[i:] == typed[i + 1 :]
    if len(typed) < len(word):
        return word[i + 1 :] == typed[i:]
    if word[i + 1 :] == typed[i + 1 :]:
        vowels = loose_vowels and word[i] in "aeiou" and typed[i] in "aeiou"
        return vowels or typed[i] in _NEAR_KEYS.get(word[i], "")
    swapped = i + 1 < len(word) and word[i] == typed[i + 1] and word[i + 1] == typed[i]
    return swapped and word[i + 2 :] == typed[i + 2 :]


def _near_keys() -> dict[str, str]:
    """Each Latin letter's neighbours on a QWERTY keyboard (rows are offset by part of a key)."""
    rows, offsets = ("qwertyuiop", "asdfghjkl", "zxcvbnm"), (0.0, 0.25, 0.75)
    place = {key: (r, k + offsets[r]) for r, row in enumerate(rows) for k, key in enumerate(row)}
    return {
        key: "".join(
            other
            for other, (r2, x2) in place.items()
            if other != key and abs(r - r2) <= 1 and abs(x - x2) <= (1 if r == r2 else 0.75)
        )
        for key, (r, x) in place.items()
    }


_NEAR_KEYS = _near_keys()
