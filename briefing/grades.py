"""The editors' judgments as words a page prints: the Admiralty grades beside a claim's statement, and the lines
that explain them and the confidence of key judgments (docs/content-model.md, "Grades: the Admiralty scale")."""
from __future__ import annotations

from collections.abc import Iterable

from .model import CONFIDENCE, CREDIBILITY, RELIABILITY


def grade(reliability: str | None, credibility: str | None) -> str:
    """A statement's Admiralty grades as words to print beside it (`legend` explains them): its article's reliability
    as a source and its information's credibility, either of which the editors may have left ungraded."""
    words = ", ".join(filter(None, (reliability and f"source {reliability}",
                                    credibility and f"information {credibility}")))
    return words[:1].upper() + words[1:]


def legend(grades: Iterable[tuple[str | None, str | None]]) -> str:
    """One line explaining the Admiralty grades a page shows, each once in order ("" when it shows none)."""
    pairs = list(grades)
    reliabilities = sorted({r for r, _ in pairs if r})
    information = sorted({c for _, c in pairs if c})
    if not reliabilities and not information:
        return ""
    meanings = [f"source {r}: {RELIABILITY[r]}" for r in reliabilities] + [f"information {c}: {CREDIBILITY[c]}"
                                                                            for c in information]
    return ("Grades on the Admiralty scale, the editors' judgment (source reliability A–F, information credibility "
            f"1–6): {'; '.join(meanings)}.")


def confidence_legend(levels: Iterable[str]) -> str:
    """One line tying the confidence words the home page shows to their yardstick, ICD 203 ("" when none is shown)."""
    if not any(levels):
        return ""
    return ("Confidence is the editors' analytic confidence in a judgment, on the three levels of the US Intelligence "
            "Community's ICD 203 (Analytic Standards), not a probability: "
            + "; ".join(f"{level}: {meaning}" for level, meaning in CONFIDENCE.items()) + ".")
