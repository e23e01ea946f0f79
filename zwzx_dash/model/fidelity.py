"""Whether a sentence is really in its document: compared after normalising only what a copy
and paste changes — whitespace and line breaks (dropped), full-width forms (ＡＢ１２，！ → AB12,!)
and curly quotes (“” → ", ‘’ → '). Nothing else: a changed word or figure does not match."""

from __future__ import annotations

# Every whitespace character, the ideographic space (U+3000) and line separators included.
_TABLE: dict[int, int | None] = {c: None for c in range(0x3001) if chr(c).isspace()}
_TABLE.update({code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)})  # full-width forms
_TABLE.update({ord("“"): ord('"'), ord("”"): ord('"'), ord("‘"): ord("'"), ord("’"): ord("'")})


def normalise(text: str) -> str:
    return text.translate(_TABLE)


def occurs_in(sentence: str, document_normalised: str) -> bool:
    """`document_normalised` is normalise(document), computed once per document."""
    return normalise(sentence) in document_normalised


class Document:
    """A 全文 that sentences are looked up in: verbatim first, the common case, and only
    then normalised (computed once, when first needed). A sentence found verbatim is found
    normalised too: normalise maps or drops each character on its own."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._normalised: str | None = None

    def __bool__(self) -> bool:
        return bool(self.text)

    def holds(self, sentence: str) -> bool:
        if sentence in self.text:
            return True
        if self._normalised is None:
            self._normalised = normalise(self.text)
        return normalise(sentence) in self._normalised
