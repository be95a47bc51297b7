"""Text compared as people read it: NFKC-folded (full-width letters, digits and
punctuation become their plain forms) and trimmed of white space, U+3000 included."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """``text`` NFKC-folded, without white space at either end."""
    return unicodedata.normalize("NFKC", text).strip()
