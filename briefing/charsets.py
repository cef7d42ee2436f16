"""A saved page's or a text file's bytes as text: as the page declares them, else as UTF-8, else as the likeliest
character set (Windows-1252 where another is as likely: what Western Europe's Windows writes)."""
from __future__ import annotations

import codecs
import re
from types import MappingProxyType

_CHARSET = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
# Browsers read a page declared latin-1 or ASCII as windows-1252 (the WHATWG encoding standard).
_AS_BROWSERS_DO = MappingProxyType({"iso8859-1": "cp1252", "ascii": "cp1252"})


def decode(raw: bytes, page: bool = True) -> str | None:
    """Text as the page declares it (its <meta> charset), else UTF-8, else the likeliest character set; None if it
    is text in none."""
    for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                       (codecs.BOM_UTF16_BE, "utf-16")):
        if raw.startswith(bom):
            return raw.decode(codec)
    declared = _CHARSET.search(raw[:8192]) if page else None
    tries = [declared.group(1).decode("ascii").lower()] if declared else []
    for name in [*tries, "utf-8"]:
        try:
            return raw.decode(_AS_BROWSERS_DO.get(codecs.lookup(name).name, codecs.lookup(name).name))
        except (LookupError, UnicodeDecodeError):
            continue
    if (mended := _mostly_utf8(raw)) is not None:
        return mended
    from charset_normalizer import from_bytes
    found = list(from_bytes(raw))
    if not found:
        return None
    # the likeliest; of those alike, Windows-1252, what Western Europe's Windows writes (a French text was read as
    # Central European, "Hélène" as "Hélčne", which reads as well to the guesser)
    best = min(found, key=lambda m: (round(m.percent_chaos, 1), -round(m.percent_coherence, 1),
                                     m.encoding != "cp1252"))
    return str(best)


def _mostly_utf8(raw: bytes) -> str | None:
    """UTF-8 text with a few bytes of Windows-1252 pasted in ("inquiry\x92s" beside "Élodie"), each read as such;
    None if the text is not mostly UTF-8 (no letter of it beyond ASCII, or more than one byte in fifty amiss)."""
    parts, at, amiss = [], 0, 0
    while at < len(raw):
        try:
            parts.append(raw[at:].decode("utf-8"))
            break
        except UnicodeDecodeError as exc:
            parts.append(raw[at:at + exc.start].decode("utf-8"))
            bad = raw[at + exc.start:at + exc.end]
            parts.append(bad.decode("cp1252", "replace"))
            amiss += len(bad)
            at += exc.end
    text = "".join(parts)
    beyond = sum(1 for c in text if ord(c) > 127) - amiss
    return text if beyond > 0 and amiss * 50 <= len(raw) else None
