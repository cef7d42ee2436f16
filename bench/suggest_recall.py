"""How much of a curated briefing `briefing suggest` finds on its own (issue 23, item 7).

    python bench/suggest_recall.py [--content DIR --seeds DIR]

Copies the briefing (default: the bundled one) to a temporary folder and strips its content to
site.yaml and articles.yaml, their [[links]] made plain words: what a desk has before curating.
Runs `suggest` there, then compares the suggestions with the curated content:

- people: recall, the share of curated people whose name or an alias a suggested person has;
  precision, the share of suggested people who are curated people (by name or alias);
- quotes: recall, the share of curated quotes whose words a suggested quote's text holds or is
  held by, at least half as long (quote marks, dashes and spaces compared as verbatim.comparable
  does); precision, the
  share of suggested quotes that match a curated one; and of the quotes matched, the share given
  to the right speaker (by name or alias).

- events: recall, the share of curated events a suggested event matches (an overlapping date at the
  same precision or vaguer, and a person in common or two words of five letters or more in common
  in the titles); precision, the share of suggested events that match a curated one; and the
  share of suggested events that would match a curated one only if a date more precise than the
  curated one counted (should be none).

- claims: recall, the share of curated claims a suggested claim matches (two of its statements or more
  from the same articles, the words of one held by the other); precision, the share of suggested claims
  that match a curated one. Suggested claims are counts the articles give differently, so only a curated
  claim about a count can be found;
- paraphrases (quotes with `paraphrase: true`): how many were suggested, and recall, the share of the curated
  ones a suggestion holds the words of (give or take a clause); they are left out of the quote measures.

Prints one line a measure.
"""
from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from briefing.verbatim import comparable  # noqa: E402


def _plain(text: str) -> str:
    text = re.sub(r"\[\[([^\]|]+)\|([^\]]+)\]\]", r"\2", text)
    return re.sub(r"\[\[([^\]|]+)\]\]", lambda m: m[1].replace("-", " "), text)


def stripped(content: Path, seeds: Path, into: Path) -> Path:
    """The briefing as a desk has it before curating, in `into`."""
    shutil.copytree(seeds, into / "seeds")
    (into / "content").mkdir()
    for name in ("site.yaml", "articles.yaml"):
        (into / "content" / name).write_text(_plain((content / name).read_text(encoding="utf-8")), encoding="utf-8")
    return into


def items(folder: Path, collection: str) -> list[dict]:
    found: list[dict] = []
    for path in [folder / f"{collection}.yaml", *sorted((folder / collection).glob("*.yaml"))]:
        if path.is_file():
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
            found += data if isinstance(data, list) else [data]
    return found


def measure(content: Path, seeds: Path) -> dict[str, float]:
    """Each measure by its name: shares from 0 to 1, and the counts of claims and paraphrases suggested."""
    with tempfile.TemporaryDirectory() as tmp:
        root = stripped(content, seeds, Path(tmp))
        subprocess.run([sys.executable, str(PROJECT / "build.py"), "suggest"], cwd=root, check=True,
                       capture_output=True, text=True)
        people = items(root / "content" / "suggested", "people")
        quotes = [q for q in items(root / "content" / "suggested", "quotes") if not q.get("paraphrase")]
        paraphrases = [q for q in items(root / "content" / "suggested", "quotes") if q.get("paraphrase")]
        events = items(root / "content" / "suggested", "events")
        claims = items(root / "content" / "suggested", "claims")
    curated_people = items(content, "people")
    curated_quotes = [q for q in items(content, "quotes") if not q.get("paraphrase")]  # quotes with quotes
    curated_paraphrases = [q for q in items(content, "quotes") if q.get("paraphrase")]
    names = {p["id"]: {p["name"], *(p.get("aliases") or [])} for p in curated_people}
    found_names = {n for p in people for n in [p["name"], *(p.get("aliases") or [])]}
    suggested_names = {p["id"]: p["name"] for p in people}
    matched = [q for q in curated_quotes if any(_same(q["text"], s["text"]) for s in quotes)]
    right = [q for q in matched if any(_same(q["text"], s["text"]) and suggested_names.get(s["speaker"], s["speaker"])
                                       in names.get(q["speaker"], set()) for s in quotes)]
    return {
        "people recall": _share(sum(bool(n & found_names) for n in names.values()), len(names)),
        "people precision": _share(sum(any(p["name"] in n for n in names.values()) for p in people), len(people)),
        "quotes recall": _share(len(matched), len(curated_quotes)),
        "quotes precision": _share(sum(any(_same(q["text"], s["text"]) for q in curated_quotes) for s in quotes),
                                   len(quotes)),
        "quotes with the right speaker": _share(len(right), len(matched)),
        "events recall": _share(sum(any(_same_event(c, s, names, suggested_names) for s in events)
                                    for c in items(content, "events")), len(items(content, "events"))),
        "events precision": _share(sum(any(_same_event(c, s, names, suggested_names) for c in items(content, "events"))
                                       for s in events), len(events)),
        "events more precise than curated": _share(sum(_too_precise(s, items(content, "events"), names, suggested_names)
                                                       for s in events), len(events)),
        "claims recall": _share(sum(any(_same_claim(c, s) for s in claims) for c in items(content, "claims")),
                                len(items(content, "claims"))),
        "claims precision": _share(sum(any(_same_claim(c, s) for c in items(content, "claims")) for s in claims),
                                   len(claims)),
        "claims suggested": len(claims),
        "paraphrases suggested": len(paraphrases),
        "paraphrases recall": _share(sum(any(_same(q["text"], s["text"]) for s in paraphrases)
                                         for q in curated_paraphrases), len(curated_paraphrases)),
    }


def _same_claim(curated: dict, suggested: dict) -> bool:
    """Two statements or more of the suggested claim are the curated claim's: the same article, and the words of
    one held by the other."""
    def held(a: dict, b: dict) -> bool:
        x, y = (comparable(s["says"]).strip(" ,.").lower() for s in (a, b))
        return a["source"]["article"] == b["source"]["article"] and bool(x) and bool(y) and (x in y or y in x)
    return sum(any(held(s, c) for c in curated["statements"]) for s in suggested["statements"]) >= 2


def _same(a: str, b: str) -> bool:
    x, y = comparable(a).strip(" ,.").lower(), comparable(b).strip(" ,.").lower()
    short, long = sorted((x, y), key=len)
    return bool(short) and short in long and len(short) >= len(long) / 2  # the same words, give or take a clause


def _span(date: object) -> tuple[str, str]:
    """A date's first and last day, as ISO text (enough to compare)."""
    text = str(date).lstrip("~")
    if text.endswith("s"):  # a decade
        return f"{text[:4]}-01-01", f"{int(text[:4]) + 9}-12-31"
    parts = text.split("-")
    first = "-".join(parts + ["01"] * (3 - len(parts)))
    last = "-".join(parts + (["12", "31"] if len(parts) == 1 else ["31"] if len(parts) == 2 else []))
    return first, last


def _precision(date: object) -> int:
    """0 a day, 1 a month, 2 a year, 3 a decade: higher is vaguer."""
    text = str(date).lstrip("~")
    return 3 if text.endswith("s") else 3 - len(text.split("-"))


def _same_event(curated: dict, suggested: dict, names: dict[str, set[str]], suggested_names: dict[str, str],
                strict: bool = True) -> bool:
    """An overlapping date (at the curated precision or vaguer, when `strict`), and a person in common or two
    words of five letters or more in common in the titles."""
    (a, b), (c, d) = _span(curated["date"]), _span(suggested["date"])
    if not (a <= d and c <= b) or (strict and _precision(suggested["date"]) < _precision(curated["date"])):
        return False
    ours = {n for p in curated.get("people") or [] for n in names.get(p, {p})}
    theirs = {suggested_names.get(p, p) for p in suggested.get("people") or []}
    words = [set(re.findall(r"\w{5,}", str(e["title"]).lower())) for e in (curated, suggested)]
    return bool(ours & theirs) or len(words[0] & words[1]) >= 2


def _too_precise(suggested: dict, curated: list[dict], names: dict[str, set[str]],
                 suggested_names: dict[str, str]) -> bool:
    """A suggested event that matches a curated one only when its date may be more precise than the curated
    date: the text dated it more precisely than the editors did."""
    if any(_same_event(c, suggested, names, suggested_names) for c in curated):
        return False
    return any(_same_event(c, suggested, names, suggested_names, strict=False)
               and _precision(suggested["date"]) < _precision(c["date"]) for c in curated)


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--content", type=Path, default=PROJECT / "content")
    ap.add_argument("--seeds", type=Path, default=PROJECT / "seeds")
    args = ap.parse_args()
    for name, value in measure(args.content.resolve(), args.seeds.resolve()).items():
        print(f"{name:32} {value:6.1%}" if "suggested" not in name else f"{name:32} {value:6}")


if __name__ == "__main__":
    main()
