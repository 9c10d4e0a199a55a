"""Lemmas and folded norms for spaCy blank pipelines (no trained model needed).

spaCy ships no offline lemma tables for bg or lv and none usable for el
without a tagger; simplemma covers en, bg, el and lv (see
../shared/notes/measured-facts.md), so a small component sets `token.lemma_`
from it and `token.norm_` to the folded form that patterns match on.
"""

from __future__ import annotations

from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from .textnorm import fold

SIMPLEMMA_LANGS = frozenset({"en", "bg", "el", "lv"})


@lru_cache(maxsize=65536)
def lemma_of(word: str, lang: str) -> str:
    """Dictionary form of one lower-cased word (the word itself when unknown)."""
    if lang not in SIMPLEMMA_LANGS or not any(ch.isalpha() for ch in word):
        return word
    import simplemma

    return simplemma.lemmatize(word, lang=lang)


class Normalizer:
    def __init__(self, lemma_lang: str, strip_accents: bool, traditional: bool = False) -> None:
        self.lemma_lang = lemma_lang
        self.strip_accents = strip_accents
        self.traditional = traditional

    def __call__(self, doc: Doc) -> Doc:
        for token in doc:
            base = token.norm_  # lower case, plus spaCy's exceptions ("ca" → "can")
            norm = fold(base, self.strip_accents, self.traditional)
            if self.lemma_lang:
                token.lemma_ = fold(lemma_of(base, self.lemma_lang), self.strip_accents)
            else:
                token.lemma_ = norm
            token.norm_ = norm
        return doc


@Language.factory(
    "replycoach_normalizer",
    default_config={"lemma_lang": "", "strip_accents": False, "traditional": False},
)
def make_normalizer(nlp: Language, name: str, lemma_lang: str, strip_accents: bool, traditional: bool) -> Normalizer:
    return Normalizer(lemma_lang, strip_accents, traditional)
