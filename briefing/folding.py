"""How text becomes index words, as static/search.js does it: lower case, accents dropped (NFKD without
marks), runs of letters and digits, stop words and single letters left out."""
from __future__ import annotations

import re
import string
import unicodedata
from types import MappingProxyType

STOP = frozenset(
    "a an and are as at be been but by for from had has have he her his i in into is it its of on or our she "
    "so than that the their them then there these they this those to was we were which who will with would you".split())
_WORD = re.compile(r"[^\W_]+")
# The same for ASCII text, as str methods: every ASCII character but a-z and 0-9 becomes a space.
_ASCII_GAPS = MappingProxyType({c: " " for c in range(128) if not chr(c).isalnum() or chr(c).isupper()})
_DROPPED = STOP | set(string.ascii_lowercase)  # stop words and single letters (not digits) are not indexed
# Combining marks, the same ranges search.js strips: "Séoul" is found by "seoul".
_MARKS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def words(text: str) -> set[str]:
    """The distinct index words of a text (search.js folds a query the same way)."""
    folded = text.lower()
    if folded.isascii():  # most text: split by str methods, cheaper than the regex
        found = set(folded.translate(_ASCII_GAPS).split())
        found -= _DROPPED  # set arithmetic, not a loop: this runs over every paragraph of every article
        return found
    found = set(_WORD.findall(_MARKS.sub("", unicodedata.normalize("NFKD", folded))))
    found -= _DROPPED
    return {w for w in found if len(w) > 1 or w.isdigit()}  # nor a single letter of another script
