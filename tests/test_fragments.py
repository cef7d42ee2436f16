"""briefing.fragments: every directive is well formed by the spec's grammar and, searched for the way the spec's
"find a range from a text directive" does (implemented here again, on its own), lands exactly on the quoted words."""
from __future__ import annotations

import json
import random
import re
import unicodedata
from pathlib import Path
from urllib.parse import unquote_to_bytes

import pytest

from briefing.articles import parse
from briefing.fragments import text_directive

SEEDS = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))

# ValidTextDirective: "text=" (TextDirectivePrefix ",")? TextDirectiveString ("," TextDirectiveString)?
# ("," TextDirectiveSuffix)?; a TextDirectiveString is TextDirectiveExplicitChar or PercentEncodedByte, one or more.
STRING = r"(?:[a-zA-Z0-9!$'()*+./:;=?@_~]|%[0-9A-F]{2})+"
GRAMMAR = re.compile(rf"text=(?:({STRING})-,)?({STRING})(?:,({STRING}))?(?:,-({STRING}))?")

Parts = tuple[str | None, str, str | None, str | None]  # prefix, start, end, suffix


def parts_of(directive: str) -> Parts:
    """The directive's decoded parts, once it is checked against the grammar and read by the spec's own parser
    ("parse a text directive": split on commas, a first part ending in "-" is the prefix, a last one starting
    with "-" the suffix)."""
    match = GRAMMAR.fullmatch(directive)
    assert match, f"not a valid text directive: {directive}"
    tokens = directive.removeprefix("text=").split(",")
    prefix = tokens.pop(0)[:-1] if tokens[0].endswith("-") else None
    suffix = tokens.pop()[1:] if len(tokens) > 1 and tokens[-1].startswith("-") else None
    assert 1 <= len(tokens) <= 2 and prefix != "" and suffix != ""
    assert (prefix, tokens[0], tokens[1] if len(tokens) == 2 else None, suffix) == match.groups()
    prefix, start, end, suffix = (None if p is None else unquote_to_bytes(p).decode("utf-8") for p in match.groups())
    assert start is not None
    return prefix, start, end, suffix


def fold(text: str) -> str:
    """Each character as the spec compares it (primary level: no case, no accents), one for one."""
    out = []
    for c in text:
        bare = "".join(x for x in unicodedata.normalize("NFKD", c) if not unicodedata.combining(x)).casefold()
        out.append(bare if len(bare) == 1 else c.lower()[:1])
    return "".join(out)


class Page:
    """A document whose blocks are `blocks`, held as one string with a newline between blocks: no part of a
    directive holds a newline, so no match crosses one, and a block's ends are word boundaries."""

    def __init__(self, blocks: list[str]) -> None:
        self.text = "\n".join(" ".join(b.split()) for b in blocks)
        self.folded = fold(self.text)

    def boundary(self, k: int) -> bool:
        """UAX #29, roughly: no word boundary between two word characters."""
        return k <= 0 or k >= len(self.text) or not re.match(r"\w\w", self.text[k - 1:k + 1])

    def skip_space(self, k: int) -> int:
        """The next non-whitespace position, in this block or a later one."""
        while k < len(self.text) and self.text[k] in " \n":
            k += 1
        return k

    def find(self, query: str, k: int, start_bounded: bool, end_bounded: bool, at_beginning: bool
             ) -> tuple[int, int] | None:
        """The spec's "find a string in range", from k to the end of the document."""
        query, origin = fold(query), k
        k = self.folded.find(query, k)
        while k >= 0:
            if at_beginning and k != origin:
                return None
            if (not start_bounded or self.boundary(k)) and (not end_bounded or self.boundary(k + len(query))):
                return k, k + len(query)
            k = self.folded.find(query, k + 1)
        return None

    def first(self, prefix: str | None, start: str, end: str | None, suffix: str | None) -> tuple[int, int] | None:
        """The spec's "find a range from a text directive": where a browser's highlight starts and ends."""
        search = 0
        while search < len(self.text):
            must_end_at_word = end is not None or suffix is None
            if prefix is not None:
                prefix_match = self.find(prefix, search, True, False, False)
                if prefix_match is None:
                    return None
                search = prefix_match[0] + 1
                match_start = self.skip_space(prefix_match[1])
                if match_start >= len(self.text):
                    return None
                potential = self.find(start, match_start, False, must_end_at_word, True)
                if potential is None:
                    continue
            else:
                potential = self.find(start, search, True, must_end_at_word, False)
                if potential is None:
                    return None
                search = potential[0] + 1
            range_end = potential[1]
            while True:
                if end is not None:
                    end_match = self.find(end, range_end, True, suffix is None, False)
                    if end_match is None:
                        return None
                    potential = (potential[0], end_match[1])
                if suffix is None:
                    return potential
                suffix_start = self.skip_space(potential[1])
                if suffix_start < len(self.text) and self.find(suffix, suffix_start, False, True, True):
                    return potential
                if end is None:
                    break
                range_end = potential[1]
        return None

    def at(self, block: int, raw: str, offset: int) -> int:
        """Where the character at `offset` of `raw` (not a space), the text of block `block`, is in the page's text."""
        at = sum(len(line) + 1 for line in self.text.split("\n")[:block])
        for word in re.finditer(r"\S+", raw):
            if word.start() <= offset < word.end():
                return at + offset - word.start()
            at += len(word.group()) + 1
        raise AssertionError(f"{offset} is not in a word")


def lands(blocks: list[str], block: int, spans: list[tuple[int, int]], may_miss: bool = False) -> Parts:
    """The directive's parts, once checked: well formed, and its first match is the quote (trimmed of spaces);
    with `may_miss`, unless no directive can single it out."""
    parts = parts_of(text_directive(blocks, block, spans))
    page = Page(blocks)
    raw = blocks[block]
    inked = [i for i in range(spans[0][0], spans[-1][1]) if not raw[i].isspace()]
    quote = (page.at(block, raw, inked[0]), page.at(block, raw, inked[-1]) + 1)
    if page.first(*parts) != quote:
        assert may_miss and not any(page.first(*other) == quote for other in plain_directives(page, *quote)), parts
    return parts


def plain_directives(page: Page, start: int, end: int, most: int = 5) -> list[Parts]:
    """text=[prefix-,]quote[,-suffix] with up to `most` words of context each side: from its own block, or the
    block before (after) when the quote starts (ends) its own."""
    text = page.text
    before = text[:start].split("\n")[-1] or text[:start].rstrip("\n").split("\n")[-1]
    after = text[end:].split("\n")[0] or text[end:].lstrip("\n").split("\n")[0]
    prefixes = [None, *(" ".join(before.split()[-n:]) for n in range(1, min(most, len(before.split())) + 1))]
    suffixes = [None, *(" ".join(after.split()[:n]) for n in range(1, min(most, len(after.split())) + 1))]
    return [(prefix, text[start:end], None, suffix) for prefix in prefixes for suffix in suffixes]


def span(text: str, words: str, occurrence: int = 0) -> tuple[int, int]:
    """The offsets of `words` in text, at its occurrence-th place (0: the first)."""
    at = -1
    for _ in range(occurrence + 1):
        at = text.index(words, at + 1)
    return at, at + len(words)


ARTICLE = [
    "Kim goes to Beijing",
    "SEOUL, Sept 3 — North Korean leader Kim Jong Un is in China for a high-profile visit, a rare step.",
    "The trip could be Kim’s bid to “formalise” ties with Pyongyang’s two main allies, experts say.",
    "Kim Jong Un met Xi Jinping; later, Kim Jong Un met Putin – at 50% of the cost & more (#2).",
    "The orange ranger range: Café résumé at the Résumé Café, für Müller, 서울에서 열린 회담 (서울).",
    "Kim Jong Un met Xi Jinping again.",
]


def test_a_quote_found_once_needs_no_context() -> None:
    text = ARTICLE[1]
    assert lands(ARTICLE, 1, [span(text, "North Korean leader")]) == (None, "North Korean leader", None, None)
    assert text_directive(ARTICLE, 1, [span(text, "North Korean leader")]) == "text=North%20Korean%20leader"


def test_a_quote_also_found_earlier_gets_context() -> None:
    last = len(ARTICLE) - 1
    prefix, start, end, suffix = lands(ARTICLE, last, [span(ARTICLE[last], "Xi Jinping")])  # also in block 3
    assert start == "Xi Jinping" and end is None and (prefix or suffix)
    prefix, _, _, suffix = lands(ARTICLE, 1, [span(ARTICLE[1], "Kim Jong Un")])  # also "Kim" alone in the title
    assert (prefix, suffix) == (None, None)  # "Kim" alone comes first, but is not the words "Kim Jong Un"


def test_the_second_of_two_in_one_paragraph() -> None:
    text = ARTICLE[3]
    prefix, start, _, suffix = lands(ARTICLE, 3, [span(text, "Kim Jong Un met", 1)])
    assert start == "Kim Jong Un met" and (prefix == "later," or suffix == "Putin")
    assert lands(ARTICLE, 3, [span(text, "Kim Jong Un met", 0)])[0] is None  # the first needs no prefix


def test_an_elided_quote_is_a_range() -> None:
    text = ARTICLE[2]
    spans = [span(text, "The trip could be"), span(text, "experts say.")]
    prefix, start, end, suffix = lands(ARTICLE, 2, spans)
    assert start and end and text.startswith(start) and text.endswith(end)
    assert len(start.split()) <= 8 and len(end.split()) <= 8
    assert (prefix, suffix) == (None, None)


def test_a_long_quote_is_a_short_range() -> None:
    blocks = ["one two three four five six seven eight nine ten, and one two three four five six again, the end"]
    parts = lands(blocks, 0, [(0, len(blocks[0]))])
    assert parts[1] and parts[2] and max(len(parts[1].split()), len(parts[2].split())) <= 8


def test_the_end_words_also_inside_the_range() -> None:
    """start,end selects up to the first end after start: here "the war" comes up three times in the quote."""
    blocks = ["Before the war, during the war and after the war they wrote about the war, said an analyst of the war."]
    lands(blocks, 0, [span(blocks[0], "Before the war"), span(blocks[0], "about the war")])
    lands(blocks, 0, [(0, len(blocks[0]) - 1)])


@pytest.mark.parametrize("words", [
    "Putin – at 50% of the cost & more (#2).", "Kim’s bid to “formalise” ties", "high-profile visit, a rare",
    "Café, für Müller, 서울에서 열린 회담 (서울).",
])
def test_characters_the_spec_wants_encoded(words: str) -> None:
    """Every character but TextDirectiveExplicitChar is percent-encoded as UTF-8: "-", "," and "&" too."""
    block = next(i for i, text in enumerate(ARTICLE) if words in text)
    assert lands(ARTICLE, block, [span(ARTICLE[block], words)]) == (None, words, None, None)
    body = text_directive(ARTICLE, block, [span(ARTICLE[block], words)]).removeprefix("text=")
    assert body.isascii() and not set(body) & set(" &,-#\"<>`{}")  # no context: no comma or dash as syntax either
    encodings = [("%", "%25"), ("&", "%26"), (",", "%2C"), ("-", "%2D"), ("#", "%23"), (" ", "%20"),
                 ("“", "%E2%80%9C"), ("é", "%C3%A9"), ("ü", "%C3%BC"), ("서", "%EC%84%9C")]
    for raw, encoded in encodings:
        assert (raw in words) == (encoded in body), raw


def test_a_quote_at_the_ends_of_its_block_takes_context_from_the_other_side() -> None:
    blocks = ["He said Kim Jong Un met Xi Jinping there.", "Kim Jong Un met Xi Jinping in Beijing.",
              "Officials said that Kim Jong Un met Xi Jinping"]
    prefix, _, _, suffix = lands(blocks, 1, [span(blocks[1], "Kim Jong Un met Xi Jinping")])
    assert prefix is None and suffix == "in"
    prefix, _, _, suffix = lands(blocks, 2, [span(blocks[2], "Kim Jong Un met Xi Jinping")])
    assert prefix == "that" and suffix is None


def test_a_paragraph_repeated_whole_takes_context_from_the_next_block() -> None:
    blocks = ["Kim met Xi.", "Kim met Xi.", "Then Putin came.", "Kim met Xi.", "Then Putin left."]
    for block in (0, 1, 3):
        lands(blocks, block, [(0, len(blocks[block]))])


def test_a_quote_no_directive_can_single_out() -> None:
    """Prefix "Beijing" is found first at the top, suffix "Putin" too: the plain words it is."""
    blocks = ["Beijing the Putin", "and then", "Beijing the Putin"]
    assert text_directive(blocks, 2, [(8, 11)]) == "text=the"
    lands(blocks, 2, [(8, 11)], may_miss=True)


def test_words_are_whole() -> None:
    """"range" is in "orange" and "ranger", but only the word "range" is a match: no context needed."""
    text = ARTICLE[4]
    assert lands(ARTICLE, 4, [span(text, "range:")]) == (None, "range:", None, None)
    at = text.index("range:")
    assert lands(ARTICLE, 4, [(at, at + 5)]) == (None, "range", None, None)


def test_a_quote_cut_inside_a_word_gets_the_whole_word() -> None:
    text = ARTICLE[2]
    assert lands(ARTICLE, 2, [span(text, "Kim’s")])[1] == "Kim’s"
    assert parts_of(text_directive(ARTICLE, 2, [span(text, "be Kim")]))[1] == "be Kim’s"
    assert parts_of(text_directive(ARTICLE, 2, [span(text, "s bid")]))[1] == "Kim’s bid"
    assert parts_of(text_directive(ARTICLE, 1, [span(ARTICLE[1], "Korean lea")]))[1] == "Korean leader"


def test_case_and_accents_do_not_tell_words_apart() -> None:
    """A browser finds "Résumé Café" in "Café résumé"'s place first: context makes the difference."""
    text = ARTICLE[4]
    prefix, start, _, suffix = lands(ARTICLE, 4, [span(text, "Résumé")])
    assert start == "Résumé" and (prefix or suffix)
    blocks = ["KIM JONG UN", "Kim Jong Un said"]
    assert lands(blocks, 1, [span(blocks[1], "Kim Jong Un")])[3] == "said"


def test_whitespace_is_as_rendered() -> None:
    blocks = ["  Kim   Jong\tUn \n met   Xi  ", "Xi met Kim"]
    assert lands(blocks, 0, [(1, 17)])[1] == "Kim Jong Un"
    assert text_directive(blocks, 0, [(0, 28)]) == "text=Kim%20Jong%20Un%20met%20Xi"


def test_no_words_is_an_error() -> None:
    with pytest.raises(ValueError):
        text_directive(["a b", "c"], 0, [(1, 2)])


def test_a_busy_document() -> None:
    """Few words, often repeated: context must often be sought, across blocks too. Some quotes no directive
    can single out (the spec's search, prefix first, lands on an earlier passage whatever the context): those
    are checked to be so."""
    rng = random.Random(7)
    vocabulary = ["Kim", "Xi", "Putin", "met", "said", "the", "war", "in", "Beijing", "and"]
    for _ in range(300):
        blocks = [" ".join(rng.choices(vocabulary, k=rng.randint(3, 14))) for _ in range(rng.randint(2, 6))]
        lands_somewhere(blocks, rng.randrange(len(blocks)), rng, may_miss=True)


def lands_somewhere(blocks: list[str], block: int, rng: random.Random, may_miss: bool = False) -> None:
    """Some random word-aligned quotes of blocks[block], one span or two."""
    words = list(re.finditer(r"\S+", blocks[block]))
    for _ in range(3):
        i = rng.randrange(len(words))
        j = rng.randrange(i, min(len(words), i + 25))
        spans = [(words[i].start(), words[j].end())]
        if j - i >= 3 and rng.random() < 0.4:
            cut = rng.randrange(i + 1, j - 1)
            spans = [(words[i].start(), words[cut - 1].end()), (words[cut + 1].start(), words[j].end())]
        parts = lands(blocks, block, spans, may_miss)
        if len(spans) > 1 and parts[2] is None:
            assert len(parts[1].split()) == j - i + 1  # the whole passage: a last resort


@pytest.mark.parametrize("seed", SEEDS, ids=lambda path: path.name)
def test_every_paragraph_of_the_seed_articles(seed: Path) -> None:
    blocks = [b.text for b in parse(seed.read_text(encoding="utf-8"))]
    for block, text in enumerate(blocks):
        if text.strip():
            lands_somewhere(blocks, block, random.Random(f"{seed.name}:{block}"))


# -- in a build: every quote, statement and excerpt of an article with a url links to its words there -------------

def test_the_built_links_land_on_the_quoted_words(tmp_path: Path) -> None:
    from bs4 import BeautifulSoup

    from conftest import ARTICLES, make_briefing, run_build
    root = make_briefing(tmp_path, articles=ARTICLES.replace(
        "  url: https://example.com/afp-report\n",
        "  url: https://example.com/afp-report#top\n  archived_url: https://web.archive.org/web/2025/afp-report\n"))
    code, _, err = run_build(root, "--out", "site")
    assert code == 0, err
    site = root / "site"
    data = json.loads((site / "data" / "briefing.json").read_text(encoding="utf-8"))
    blocks = [p["text"] for p in data["articles"][0]["paragraphs"]]
    assert data["articles"][0]["id"] == "afp-report"
    said = {q["id"]: q["text"] for q in data["quotes"]}
    found = 0
    for page, selector in (("quotes", "figure.quote"), ("claims", ".statements li"),
                           ("events/kim-arrives", ".sources li")):
        html = BeautifulSoup((site / page / "index.html").read_text(encoding="utf-8"), "html.parser")
        for item in html.select(selector):
            link = item.select_one("a.original")
            if link is None:
                continue
            address, _, directive = str(link["href"]).partition("#:~:")
            assert address == "https://example.com/afp-report" and link["rel"] == ["external"]
            archived = link.find_next_sibling("a")
            assert archived is not None and archived["href"] == "https://web.archive.org/web/2025/afp-report"
            words = Page(blocks).first(*parts_of(directive))
            assert words is not None, directive
            text = Page(blocks).text[words[0]:words[1]]
            quoted = item.select_one("blockquote")
            if quoted is not None and page != "events/kim-arrives":
                wanted = " ".join(quoted.get_text().split())
                assert fold(text) == fold(wanted) or (item.get("id", "")[2:] in said and "…" in wanted), (text, wanted)
            found += 1
    assert found >= 3
