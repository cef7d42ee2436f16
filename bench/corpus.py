"""A complete, valid briefing of N articles made from the BBC News corpus, for benchmarks.

    python bench/corpus.py N DEST [--corpus DIR]   # writes DEST/content/ and DEST/seeds/

or from Python: `make_briefing(n, dest) -> dest`. The output is deterministic (one
fixed seed) and passes `python build.py --check --content DEST/content --seeds DEST/seeds`.

The corpus (2,225 stories in five topic folders, first line the headline; never copied
into the repository) is looked for, first found wins: in `--corpus DIR` (here and on
bench/scale.py); in the folder the environment variable BRIEFING_CORPUS names (read by
every bench script that makes a briefing); else in `../shared/corpus/bbc` beside the
project's folder (`shared/` next to the checkout: /work/shared/corpus/bbc for /work/main).

What is generated from those real texts:

- articles: N stories (a seeded shuffle of the corpus; beyond 2,225 the texts are
  reused under new ids and file names), title = headline, outlet "BBC News",
  published `unknown` (the texts carry no date);
- people: the 220 most frequent person-like names (two or three capitalised words
  next to "said"/"told", or whose surname appears as "Mr/Ms/... Surname" in the same
  story), with the "Mr Surname" form as an alias where it occurs and is unambiguous;
- themes: the five BBC topics plus a few keyword themes;
- events: N/4, dates at day/month/year/decade precision, each citing 1-2 stories
  with a verbatim 6-12 word excerpt from the story's first paragraph;
- quotes: N/2, verbatim 8-20 word passages (inside quotation marks where the
  paragraph has them) attributed to a person named in the same paragraph;
- claims: two, each with verbatim statements from two or three stories.

Every excerpt, quote and statement is taken from one block of
`briefing.articles.parse` and checked with `briefing.verbatim.find` before it is
written, so the build's own check finds it.
"""
from __future__ import annotations

import argparse
import os
import random
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from anywhere

from briefing import verbatim  # noqa: E402
from briefing.articles import Block, parse  # noqa: E402

CORPUS_ENV = "BRIEFING_CORPUS"
CORPUS_BESIDE = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "bbc"  # ../shared/corpus/bbc
TOPICS = ("business", "entertainment", "politics", "sport", "tech")
SEED = 20251123
PEOPLE = 220

# Keyword themes on top of the five topics: (id, title, pattern on the story text).
EXTRA_THEMES = (
    ("elections", "Elections and campaigns", r"\belection"),
    ("economy", "The economy", r"\beconom"),
    ("football", "Football", r"\bfootball|\bPremiership\b"),
    ("music", "Music", r"\bmusic|\balbum"),
    ("internet", "The internet", r"\binternet|\bonline\b|\bbroadband"),
    ("film", "Film", r"\bfilms?\b|\bmovie"),
)
TOPIC_TITLES = {"business": "Business", "entertainment": "Entertainment", "politics": "Politics",
                "sport": "Sport", "tech": "Technology"}

# -- person-like names ----------------------------------------------------------------

_CAP = r"(?:Mc|Mac|O')?[A-Z][a-z]+(?:-[A-Z][a-z]+)?"
_RUN = re.compile(rf"{_CAP}(?: {_CAP})*")
_TITLED = re.compile(rf"\b(Mr|Mrs|Ms|Miss|Dr) ({_CAP})\b")
_SAID_AFTER = re.compile(rf"({_CAP}(?: {_CAP})*),? (?:said|says|told|added|insisted|argued)\b")
_SAID_BEFORE = re.compile(rf"\b(?:said|says|told|according to) ({_CAP}(?: {_CAP})*)")
TITLES = ("Mr", "Mrs", "Ms", "Miss", "Dr")
# Words that are never part of a person's name here (titles, roles, places, bodies, ...).
_STOP = set("""
The A An And But Or Of In On At To For From By With As If When While After Before Since Until During Under
Over Into This That These Those It Its He She His Her They Their We Our You Your I My Mr Mrs Ms Miss Dr Sir
Lord Lady Prime Minister Ministers Secretary Chancellor President Vice Chief Executive Chairman Chairwoman
Director Manager Coach Captain Leader Deputy Shadow Home Foreign Office Labour Tory Tories Conservative
Conservatives Liberal Democrat Democrats Party Government Council Commission Committee Association Union
United City Street Road News Times Post Journal Guardian Telegraph Mail Sun Mirror Express Bank Group Ltd
Inc Corp Company House Commons Lords Parliament Downing Whitehall Treasury Department Ministry Court Police
British Britain English England Scotland Scottish Wales Welsh Irish Ireland European Europe America American
Americans Africa African Asia Asian China Chinese Japan Japanese India Indian Russia Russian France French
Germany German Italy Italian Spain Spanish Australia Australian New York London Washington Paris Brussels
North South East West Northern Southern Eastern Western Central National International Royal General
Federal State States Republic Republican Republicans Kingdom World Cup League Premiership Championship Open
Olympic Olympics Games Club Rugby Football Cricket Tennis Athletics Real Madrid Arsenal Chelsea Liverpool
Manchester Newcastle Everton Celtic Rangers Tottenham Villa Barcelona Milan Juventus Inter January February
March April May June July August September October November December Monday Tuesday Wednesday Thursday
Friday Saturday Sunday Christmas Easter Internet Microsoft Apple Google Sony Nintendo Yahoo Intel IBM Oscar
Oscars Grammy Grammys Brit Awards Award Academy Festival Film Music Radio Television Channel Network Digital
Mobile Online Games Net Web BBC ITV Sky Reuters Associated Press Agency Institute University College School
Hospital Service Services Health Education Transport Defence Justice Trade Industry Culture Media Sport
Economic Economics Financial Finance Securities Exchange Stock Market Markets Fund Monetary Reserve Airways
Airlines Motors Energy Oil Gas Telecom Records Pictures Studios Warner Universal Paramount Disney Fox Virgin
Vodafone Euro Commons Bill Act Budget Report Review Inquiry Tribunal Authority Agency Office Board Forum Summit
Conference Campaign Alliance Movement Front Liberty Freedom Peace War Day Week Year Yesterday Today Tomorrow
Meanwhile However Also Some Many Most Other Another Both Each Every All Any No Not One Two Three First Second
Last Next Mr Senior Junior Professor Judge Justice Senator Governor Mayor Ambassador Commissioner Inspector
Detective Sergeant Officer Spokesman Spokeswoman Analyst Analysts Economist Economists Number Ten Sir St
Society Watch Research Concern Sports Live Dems Lib Cruel Against Rights Human Boerse Deutsche Jeeves Ask Trust
Foundation Partners Capital Consulting Associates Holdings Systems Software Communications Entertainment Labs
Magazine Institute Centre Center Council Bureau Studio Productions Records Label Band Orchestra Theatre Gallery
""".split())


def _strip(words: list[str]) -> list[str]:
    """A run of capitalised words minus any leading or trailing stop words."""
    while words and words[0] in _STOP:
        words = words[1:]
    while words and words[-1] in _STOP:
        words = words[:-1]
    return words


def _grams(run: str) -> set[str]:
    words = run.split()
    out = set()
    for size in (2, 3):
        for i in range(len(words) - size + 1):
            gram = words[i:i + size]
            if not any(w in _STOP for w in gram):
                out.add(" ".join(gram))
    return out


@dataclass
class Story:
    """One corpus text: its topic, number, headline and blocks."""

    topic: str
    number: str
    raw: str
    headline: str
    blocks: list[Block]
    grams: set[str] = field(default_factory=set)  # 2-3 word capitalised sequences
    signalled: set[str] = field(default_factory=set)  # of those, the ones next to "said" and the like
    titled: Counter[tuple[str, str]] = field(default_factory=Counter)  # (title, surname) -> count

    @property
    def paragraphs(self) -> list[Block]:
        return [b for b in self.blocks if b.kind == "paragraph"]


def _read(path: Path) -> str:
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:  # one story (sport/199) is Latin-1
        return raw.decode("cp1252")


def corpus_dir(given: Path | None = None) -> Path:
    """The corpus folder: `given` (--corpus), else $BRIEFING_CORPUS, else ../shared/corpus/bbc."""
    root = given or (Path(os.environ[CORPUS_ENV]) if os.environ.get(CORPUS_ENV) else CORPUS_BESIDE)
    if not all((root / topic).is_dir() for topic in TOPICS):
        raise FileNotFoundError(f"no BBC corpus in {root} (a folder per topic: {', '.join(TOPICS)}); "
                                f"point to it with --corpus DIR or {CORPUS_ENV}=DIR")
    return root


def load_corpus(root: Path | None = None) -> list[Story]:
    root = corpus_dir(root)
    stories = []
    for topic in TOPICS:
        for path in sorted((root / topic).glob("*.txt")):
            text = _read(path)
            headline = text.strip().split("\n", 1)[0].strip()
            story = Story(topic, path.stem, text, headline, parse(text))
            body = "\n".join(b.text for b in story.paragraphs)
            for m in _RUN.finditer(body):
                story.grams |= _grams(m[0])
            for regex, keep in ((_SAID_AFTER, slice(-3, None)), (_SAID_BEFORE, slice(0, 3))):
                for m in regex.finditer(body):
                    words = _strip(m[1].split())[keep]
                    if regex is _SAID_AFTER:
                        candidates = [words[-k:] for k in (2, 3) if len(words) >= k]
                    else:
                        candidates = [words[:k] for k in (2, 3) if len(words) >= k]
                    for c in candidates:
                        if not any(w in _STOP for w in c):
                            story.signalled.add(" ".join(c))
            story.titled.update(_TITLED.findall(body))
            stories.append(story)
    return stories


@dataclass(frozen=True)
class PersonSpec:
    id: str
    name: str
    alias: str | None
    topic: str
    count: int


def find_people(chosen: list[Story], everything: list[Story], limit: int = PEOPLE) -> list[PersonSpec]:
    """The `limit` most frequent person-like names, counted over the chosen stories first."""
    def scores(stories: list[Story]) -> tuple[Counter[str], dict[str, Counter[str]], dict[str, Counter[str]]]:
        score: Counter[str] = Counter()
        topics: dict[str, Counter[str]] = defaultdict(Counter)
        titles: dict[str, Counter[str]] = defaultdict(Counter)
        for s in stories:
            surnames = {surname for (_, surname) in s.titled}
            for gram in s.grams:
                surname = gram.split()[-1]
                if gram in s.signalled or surname in surnames:
                    score[gram] += 1
                    topics[gram][s.topic] += 1
                    for (title, sn), k in s.titled.items():
                        if sn == surname:
                            titles[gram][title] += k
        return score, topics, titles

    local, topics, titles = scores(chosen)
    total, all_topics, all_titles = scores(everything)
    # A first word that starts several different names is a given name ("John", "Tessa");
    # a name whose surname never takes "Mr"/"Ms" needs one ("Merrill Lynch" is not a person).
    given = Counter(name.split()[0] for name in total if total[name] >= 2)
    names = sorted(total, key=lambda g: (-local[g], -total[g], g))
    picked: list[str] = []
    for name in names:
        if total[name] < 2 or (not all_titles[name] and given[name.split()[0]] < 2):
            continue
        if any(name in other or other in name for other in picked):  # "Tony Blair" vs "Blair Tony Blair"
            continue
        picked.append(name)
        if len(picked) == limit:
            break
    by_surname = Counter(n.split()[-1] for n in picked)
    out = []
    for name in picked:
        surname = name.split()[-1]
        forms = titles[name] or all_titles[name]
        alias = None
        if by_surname[surname] == 1 and forms:
            title = sorted(forms.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
            alias = f"{title} {surname}"
        topic = sorted((topics[name] or all_topics[name]).items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        out.append(PersonSpec(_slug(name), name, alias, topic, total[name]))
    return out


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower().replace("'", "").replace("’", "")).strip("-")


# -- picking verbatim passages ------------------------------------------------------------

_ELIDED = re.compile(r"\.\s*\.\s*\.|…")


def _window(text: str, rng: random.Random, low: int, high: int) -> str | None:
    """`low` to `high` consecutive words of `text` (whitespace-split, so copied verbatim)."""
    words = text.split()
    if len(words) < low:
        return None
    size = rng.randint(low, min(high, len(words)))
    start = rng.randint(0, len(words) - size)
    passage = " ".join(words[start:start + size])
    return None if _ELIDED.search(passage) else passage


def _quoted_windows(text: str, rng: random.Random) -> str | None:
    """8-20 words from inside a quotation in `text`, or from `text` itself."""
    spoken = [m[1] for m in re.finditer(r'"([^"]+)"', text) if len(m[1].split()) >= 8]
    if spoken:
        return _window(rng.choice(spoken), rng, 8, 20)
    return _window(text, rng, 8, 20)


def _findable(passage: str, story: Story) -> bool:
    texts = [b.text for b in story.blocks if b.kind in ("paragraph", "caption", "disclaimer")]
    return verbatim.find(passage, texts) is not None


# -- the briefing ------------------------------------------------------------------------


def make_briefing(n: int, dest: Path, corpus: Path | None = None, seed: int = SEED) -> Path:
    """Write a valid briefing of `n` articles to dest/content and dest/seeds; returns `dest`.

    corpus: the corpus folder; None for `corpus_dir()`'s ($BRIEFING_CORPUS, else ../shared/corpus/bbc)."""
    if n < 2:
        raise ValueError("a briefing needs at least 2 articles (claims compare two sources)")
    rng = random.Random(seed)
    everything = load_corpus(corpus)
    order = list(range(len(everything)))
    rng.shuffle(order)
    # (article id, file name, story); beyond the corpus, texts come round again under new ids
    chosen: list[tuple[str, str, Story]] = []
    for i in range(n):
        story = everything[order[i % len(order)]]
        lap = i // len(order)
        suffix = f"-r{lap + 1}" if lap else ""
        chosen.append((f"bbc-{story.topic}-{story.number}{suffix}", f"{story.topic}_{story.number}{suffix}.txt", story))

    content, seeds = dest / "content", dest / "seeds"
    content.mkdir(parents=True, exist_ok=True)
    seeds.mkdir(parents=True, exist_ok=True)
    for _, file, story in chosen:
        (seeds / file).write_text(story.raw, encoding="utf-8")

    people = find_people([s for _, _, s in chosen[:len(everything)]], everything)
    forms = {p.name: p.id for p in people} | {p.alias: p.id for p in people if p.alias}
    mention_re = re.compile(r"(?<![\w-])(" + "|".join(re.escape(f) for f in sorted(forms, key=lambda f: (-len(f), f)))
                            + r")(?!\w)")
    themes_of_text = [(tid, re.compile(pat, re.IGNORECASE)) for tid, _, pat in EXTRA_THEMES]

    def themes_for(story: Story) -> list[str]:
        body = " ".join(b.text for b in story.paragraphs)
        return [story.topic] + [tid for tid, pat in themes_of_text if pat.search(body)][:2]

    def mentioned(text: str) -> list[str]:
        return list(dict.fromkeys(forms[m[1]] for m in mention_re.finditer(text)))

    # articles
    articles = [{"id": aid, "file": file, "title": story.headline, "outlet": "BBC News", "published": "unknown",
                 "summary": f"A BBC News {TOPIC_TITLES[story.topic].lower()} story ([[{story.topic}]])."}
                for aid, file, story in chosen]

    # people
    person_docs = []
    for p in people:
        doc: dict[str, object] = {"id": p.id, "name": p.name}
        if p.alias:
            doc["aliases"] = [p.alias]
        doc |= {"kind": "official" if p.topic == "politics" else "other",
                "role": f"Named in {p.count} BBC News stories, mostly {TOPIC_TITLES[p.topic].lower()}",
                "country": "not stated",
                "summary": f"A person named in the corpus, mostly in [[{p.topic}]] stories."}
        person_docs.append(doc)

    # themes
    theme_docs = [{"id": t, "title": TOPIC_TITLES[t], "summary": f"Stories from the BBC News {t} section."}
                  for t in TOPICS]
    theme_docs += [{"id": tid, "title": title, "summary": f"Stories that mention {title.lower()}."}
                   for tid, title, _ in EXTRA_THEMES]

    # events: N/4, each from the next story in order, sometimes a second from the same topic
    by_topic: dict[str, list[int]] = defaultdict(list)
    for i, (_, _, story) in enumerate(chosen):
        by_topic[story.topic].append(i)
    events = []
    event_of_article: dict[str, str] = {}
    precisions = ("day", "month", "year", "decade")
    for k in range(max(1, n // 4)):
        aid, _, story = chosen[k]
        cited = [k]
        if rng.random() < 0.4 and len(by_topic[story.topic]) > 1:
            other = rng.choice(by_topic[story.topic])
            if other != k:
                cited.append(other)
        sources = []
        for i in cited:
            cid, _, cstory = chosen[i]
            excerpt = None
            for para in cstory.paragraphs:  # the first paragraph, or the next one if it is too short
                excerpt = _window(para.text, rng, 6, 12)
                if excerpt and _findable(excerpt, cstory):
                    break
                excerpt = None
            sources.append({"article": cid, "excerpt": excerpt} if excerpt else {"article": cid})
        precision = precisions[k % 4]
        year = rng.choice((2004, 2005))
        month = rng.randint(1, 12)
        date = {"day": f"{year}-{month:02d}-{rng.randint(1, 28):02d}", "month": f"{year}-{month:02d}",
                "year": f"{year}", "decade": "2000s"}[precision]
        if k % 9 == 8:
            date = "~" + date
        ident = f"ev-{k + 1:05d}"
        event_of_article.setdefault(aid, ident)
        events.append({
            "id": ident, "title": story.headline, "date": date,
            **({"status": "reported"} if k % 7 == 6 else {}),
            "people": mentioned(" ".join(b.text for b in story.paragraphs))[:3],
            "themes": themes_for(story),
            "summary": f"As reported in [[{aid}]].",
            "sources": sources,
        })

    # quotes: N/2 passages from paragraphs that name a person, spoken by that person
    pool = []
    for aid, _, story in chosen:
        for para in story.paragraphs:
            who = mentioned(para.text)
            if who:
                pool.append((aid, story, para, who[0]))
    rng.shuffle(pool)
    quotes = []
    used: set[tuple[str, str]] = set()
    k = 0
    target = max(1, n // 2)
    while len(quotes) < target:
        if k < len(pool):
            aid, story, para, speaker = pool[k]
        else:  # not enough paragraphs naming someone: any paragraph, any person
            aid, _, story = chosen[rng.randrange(len(chosen))]
            para = rng.choice(story.paragraphs)
            speaker = rng.choice(people).id
        k += 1
        if (aid, para.text) in used and k < len(pool):
            continue
        text = _quoted_windows(para.text, rng)
        if not text or not _findable(text, story):
            continue
        used.add((aid, para.text))
        doc = {"id": f"q-{len(quotes) + 1:05d}", "speaker": speaker, "text": text, "source": {"article": aid},
               "themes": [story.topic]}
        if aid in event_of_article:
            doc["events"] = [event_of_article[aid]]
        quotes.append(doc)

    # claims: two questions, each answered by two or three stories
    claims = []
    for cid, question, pattern in (
        ("what-about-the-economy", "What do the stories say about the economy and growth?", r"\b(econom|growth)"),
        ("what-about-the-election", "What do the stories say about the coming election?", r"\belection"),
    ):
        regex = re.compile(pattern, re.IGNORECASE)
        statements = []
        for aid, _, story in chosen:
            para = next((p for p in story.paragraphs if regex.search(p.text)), None)
            if para is None:
                continue
            says = _window(para.text, rng, 8, 15)
            if says and _findable(says, story):
                statements.append({"source": {"article": aid}, "says": says})
            if len(statements) == 3:
                break
        for aid, _, story in chosen:  # a small briefing may not have enough on the subject
            if len(statements) >= 2:
                break
            says = _window(story.paragraphs[0].text, rng, 8, 15)
            if says and _findable(says, story) and all(s["source"]["article"] != aid for s in statements):
                statements.append({"source": {"article": aid}, "says": says})
        claims.append({"id": cid, "question": question, "statements": statements,
                       "note": "Generated for the benchmark: the statements are verbatim but not compared."})

    site = {
        "title": f"BBC News 2004–2005: a {n}-article briefing",
        "subtitle": "A benchmark briefing generated from the BBC News corpus",
        "description": f"{n} BBC News stories from 2004 and 2005 with {len(people)} people, {len(events)} events "
                       f"and {len(quotes)} quotes, generated to measure the build.",
        "language": "en",
        "as_of": "2005-12-31",
        "key_judgments": [
            "The stories span [[politics]], [[business]], [[sport]], [[entertainment]] and [[tech]].",
            f"[[{people[0].id}]] is the person named most often.",
        ],
    }
    _dump(content / "site.yaml", site)
    for name, docs in (("articles", articles), ("people", person_docs), ("themes", theme_docs),
                       ("events", events), ("quotes", quotes), ("claims", claims)):
        _dump(content / f"{name}.yaml", docs)
    return dest


def _dump(path: Path, data: object) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**6), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("n", type=int, help="number of articles")
    p.add_argument("dest", type=Path, help="folder to write content/ and seeds/ into (outside the repository)")
    p.add_argument("--corpus", type=Path, default=None,
                   help=f"the BBC corpus folder (default: ${CORPUS_ENV}, else {CORPUS_BESIDE})")
    args = p.parse_args(argv)
    dest = make_briefing(args.n, args.dest, args.corpus)
    print(f"wrote {dest / 'content'} and {dest / 'seeds'} ({args.n} articles)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
