"""`briefing import` (briefing.importer): saved pages and text files in, clean seeds and articles.yaml entries out.

The fixtures (tests/data/import/) model the markup of real news sites' templates, noise included;
each has a `.expected.json` beside it: what a correct import finds, phrases the text must hold, and
noise it must not.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup

from briefing import importer
from briefing.charsets import decode
from conftest import broken_links, run_build

FIXTURES = Path(__file__).parent / "data" / "import"
CASES = sorted(p.name.removesuffix(".expected.json") for p in FIXTURES.glob("*.expected.json"))
ARTICLES = [c for c in CASES if json.loads((FIXTURES / f"{c}.expected.json").read_text(encoding="utf-8"))["article"]]


def expected(case: str) -> dict[str, Any]:
    return json.loads((FIXTURES / f"{case}.expected.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def fixture(case: str) -> Path:
    (found,) = [p for p in FIXTURES.iterdir() if p.name.startswith(case + ".") and not p.name.endswith(".json")]
    return found


def new_briefing(tmp_path: Path) -> Path:
    assert run_build(tmp_path, "init", "desk")[0] == 0
    return tmp_path / "desk"


def entries(root: Path) -> list[dict[str, Any]]:
    return yaml.safe_load((root / "content" / "articles.yaml").read_text(encoding="utf-8")) or []


def test_there_is_a_fixture_of_each_kind_the_issue_names() -> None:
    assert {"news-article", "amp-article", "jsonld-only", "print-view", "legacy-windows-1252", "legacy-shift-jis",
            "index-page", "plain-article"} <= set(CASES)


@pytest.mark.parametrize("case", ARTICLES)
def test_an_article_imports_as_clean_text_with_its_metadata(tmp_path: Path, case: str) -> None:
    want = expected(case)
    root = new_briefing(tmp_path)
    code, out, err = run_build(root, "import", str(fixture(case)))
    assert (code, err) == (0, ""), out
    (entry,) = entries(root)
    assert out.startswith(f"imported {fixture(case)} as '{entry['id']}': seeds/{entry['file']}, ")
    assert entry["title"] == want["title"]
    assert entry["outlet"] == (want["outlet"] or "unknown")
    assert str(entry["published"]) == (want["published"] or "unknown")
    assert entry.get("author") == want["author"]
    assert entry.get("url") == want["url"]
    text = (root / "seeds" / entry["file"]).read_text(encoding="utf-8")
    flat = " ".join(text.split())
    missing = [p for p in want["must_contain"] if " ".join(p.split()) not in flat]
    noise = [n for n in want["must_not_contain"] if n in text]
    assert (missing, noise) == ([], [])
    assert "\ufffd" not in text  # no character lost to a wrong character set
    code, out, err = run_build(root)  # the briefing builds with it
    assert (code, err) == (0, "")
    assert broken_links(root / "site") == []


def test_a_page_that_is_not_an_article_is_refused_with_a_reason(tmp_path: Path) -> None:
    root = new_briefing(tmp_path)
    page = fixture("index-page")
    code, out, err = run_build(root, "import", str(page))
    assert (code, out) == (1, "")
    assert err.splitlines()[0].startswith(f"{page}: not imported: it looks like an index of articles")
    assert err.splitlines()[-1] == "python build.py import: 1 file not imported"
    assert entries(root) == [] and sorted(p.name for p in (root / "seeds").iterdir()) == ["README.md"]


def test_a_short_page_without_links_is_refused_as_short_not_as_an_index(tmp_path: Path) -> None:
    """Tried on an Arabic briefing: a saved page with no links at all, but little text, was refused as "an index of
    articles (no article markup, many headline links)": a reason it did not have."""
    root = new_briefing(tmp_path)
    page = tmp_path / "short.html"
    page.write_text("<html><head><title>Short</title></head><body><main><h1>A short note on the port</h1>"
                    + "<p>The port deal was signed on Wednesday in Riyadh by both sides.</p>" * 3
                    + "</main></body></html>", encoding="utf-8")
    code, out, err = run_build(root, "import", str(page))
    assert (code, out) == (1, "") and "index of articles" not in err
    assert err.splitlines()[0].startswith(f"{page}: not imported: only ") and "a teaser or a video page" in err, err


def test_importing_the_same_page_twice_adds_nothing(tmp_path: Path) -> None:
    root = new_briefing(tmp_path)
    page = fixture("news-article")
    assert run_build(root, "import", str(page))[0] == 0
    before = (root / "content" / "articles.yaml").read_bytes(), sorted((root / "seeds").iterdir())
    code, out, err = run_build(root, "import", str(page), str(page))
    assert (code, err) == (0, "")
    (entry,) = entries(root)
    assert out.splitlines() == [f"{page}: not imported: the briefing has this article already "
                                f"(seeds/{entry['file']})"] * 2 + [
        "python build.py import: 0 files imported, 2 already in the briefing, 0 not imported"]
    assert ((root / "content" / "articles.yaml").read_bytes(), sorted((root / "seeds").iterdir())) == before


def test_a_text_too_short_to_be_an_article_is_refused_saying_how_long_one_is(tmp_path: Path) -> None:
    """Tried by an analyst: "only 85 words of text: not an article" left them guessing what would do."""
    root = new_briefing(tmp_path)
    short = tmp_path / "brief.txt"
    short.write_text("A brief\n\n" + "The council met on Friday. " * 10 + "\n", encoding="utf-8")
    code, _, err = run_build(root, "import", str(short))
    assert code == 1 and err.splitlines()[0] == (
        f"{short}: not imported: only 50 words of text (an article has {importer.MIN_WORDS} or more): not an article")


def test_an_article_sharing_nine_tenths_of_its_word_5_grams_with_a_seed_is_that_seed(tmp_path: Path) -> None:
    root = new_briefing(tmp_path)
    assert run_build(root, "import", str(fixture("news-article")))[0] == 0
    (entry,) = entries(root)
    text = (root / "seeds" / entry["file"]).read_text(encoding="utf-8")
    paragraphs = text.split("\n\n")
    edited = "\n\n".join(["Updated: a line the wire added.", *paragraphs[:-1], paragraphs[-1] + " More."])
    again = tmp_path / "edited.txt"
    again.write_text(f"Harbour town votes again\n\n{edited}", encoding="utf-8")
    code, out, _ = run_build(root, "import", str(again))
    assert code == 0
    assert out == f"{again}: not imported: the briefing has this article already (seeds/{entry['file']})\n"
    other = tmp_path / "other.txt"  # half of it new: a different article
    half = paragraphs[: len(paragraphs) // 2]
    other.write_text("Another title\n\n" + "\n\n".join(half + [p[::-1] for p in half]), encoding="utf-8")
    assert importer.duplicate(other.read_text(encoding="utf-8"), {entry["file"]: importer._grams(text)}) is None


def test_a_text_file_with_mac_line_ends_or_no_headline_keeps_every_word(tmp_path: Path) -> None:
    """Tried by a Windows editor: a file with CR line ends was "only 0 words of text"; a file without a headline
    lost its first paragraph (dateline, lead and all) to the title, and its date."""
    root = new_briefing(tmp_path)
    lead = "RAVENSMOOR, 15 September 2025 — The town council voted on Monday to close the Quai Saint-Rémy fountains " \
           "until the reservoir refills, the mayor said."
    rest = " ".join(["The council heard from engineers, residents and the water authority before it voted."] * 12)
    (tmp_path / "no-headline.txt").write_text(f"{lead}\n\n{rest}\n", encoding="utf-8")
    other = " ".join(["Residents queued at the standpipes on the square for a second week of rationing."] * 12)
    (tmp_path / "mac.txt").write_bytes(f"Fountains close\r\r{lead}\r\r{other}\r".encode())
    code, _, err = run_build(root, "import", str(tmp_path / "no-headline.txt"), str(tmp_path / "mac.txt"))
    assert (code, err) == (0, "")
    first, second = entries(root)
    assert first["title"] == "The town council voted on Monday to close the Quai Saint-Rémy fountains until the " \
                             "reservoir refills, the mayor said"
    assert str(first["published"]) == "2025-09-15"
    assert (root / "seeds" / first["file"]).read_text(encoding="utf-8").startswith(lead)
    assert second["title"] == "Fountains close"
    assert (root / "seeds" / second["file"]).read_text(encoding="utf-8").startswith(lead)


def test_a_text_files_date_is_its_datelines_when_that_gives_its_year(tmp_path: Path) -> None:
    """Tried on French and German articles: "BRUXELLES, 3 septembre 2025 — ..." left the date unknown; one without
    its year ("SEOUL, Sept 3 — ") still does, as the year is not guessed."""
    root = new_briefing(tmp_path)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    body = " ".join(["Les ministres se sont de nouveau réunis mercredi et ont trouvé un accord sur le plafond."] * 12)
    (inbox / "fr.txt").write_text(f"Accord sur le gaz\n\nBRUXELLES, 3 septembre 2025 — {body}\n", encoding="utf-8")
    (inbox / "kr.txt").write_text(f"Talks resume\n\nSEOUL, Sept 3 — {body}\n", encoding="utf-8")
    arabic = " ".join(["وقعت السعودية والصين اتفاقية لتطوير ميناء جازان على البحر الأحمر يوم الأربعاء."] * 15)
    (inbox / "ar.txt").write_text(f"ميناء جازان\n\nبكين، 10 ديسمبر 2026 — {arabic}\n", encoding="utf-8")
    assert run_build(root, "import", str(inbox))[0] == 0
    assert {e["title"]: str(e["published"]) for e in entries(root)} == {"Accord sur le gaz": "2025-09-03",
                                                                       "Talks resume": "unknown",
                                                                       "ميناء جازان": "2026-12-10"}


def test_a_folder_imports_its_pages_and_texts(tmp_path: Path) -> None:
    root = new_briefing(tmp_path)
    folder = tmp_path / "inbox"
    folder.mkdir()
    for case in ("news-article", "plain-article"):
        (folder / fixture(case).name).write_bytes(fixture(case).read_bytes())
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4")  # not a page or a text: left alone
    code, out, err = run_build(root, "import", str(folder))
    assert (code, err) == (0, "")
    assert len(out.splitlines()) == 2 and len(entries(root)) == 2


@pytest.mark.parametrize(("raw", "text"), [
    ("Kim arrives in Beijing - BBC News", "Kim arrives in Beijing"),
    ("Kim arrives in Beijing | World news | The Guardian", "Kim arrives in Beijing"),
    ("KIM ARRIVES IN BEIJING", "Kim Arrives in Beijing"),  # shouted: names kept capitals (not "beijing")
    ("THE HALLMOUTH PORT FLOOD DEFENCES INQUIRY", "The Hallmouth Port Flood Defences Inquiry"),
    ("Kim &amp; Xi:   a  summit", "Kim & Xi: a summit"),
    ("Seoul - Pyongyang talks - a history of false starts and new beginnings", "Seoul - Pyongyang talks - a history "
                                                                               "of false starts and new beginnings"),
])
def test_a_title_as_an_editor_writes_it(raw: str, text: str) -> None:
    assert importer.title(raw, "BBC News") == text


@pytest.mark.parametrize(("raw", "text"), [
    (b'<html><head><meta charset="windows-1252"></head><body>\x93Hi\x94 \x96 \x80</body></html>', "“Hi” – €"),
    (b'<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"><p>\x93x\x94</p>', "“x”"),
    ('<meta charset="Shift_JIS"><p>北朝鮮</p>'.encode("shift_jis"), "北朝鮮"),
    ("<p>no declaration, UTF-8: é</p>".encode(), "é"),
])
def test_the_declared_character_set_is_honoured(raw: bytes, text: str) -> None:
    assert text in decode(raw)


CAFES = (  # a text file Notepad saved as "ANSI" (windows-1252), as a trial gave it
    'Café owners count the cost of the drought\r\n\r\nRAVENSMOOR, 15 September 2025 – Along Quai Saint-Rémy, '
    'the cafés that live on summer tourists say this has been their worst season in a decade.\r\n\r\n“We’ve '
    'lost a third of our takings… maybe more,” said Hélène Vasseur, who runs Le Petit Barrage. “People '
    'don’t come to a town where the fountains are dry.”\r\n\r\nThe town’s chamber of commerce estimates that '
    'restaurants and cafés lost about 2 million euros in August alone. Its president, Marc Aubry, called '
    'on the minister to extend the emergency fund to businesses – “not just to the valve,” he '
    'said.\r\n\r\nMayor Élodie Marchetti said she would raise the question with Water Minister Dara '
    'O’Connell. “I hear them, and I will make their case,” she said.\r\n\r\nThe rationing rules allow cafés '
    'to serve tap water on request, but several owners said customers had stopped asking for it out of '
    'guilt. Some have put up signs in their windows saying that the water they serve is bottled, bought '
    'from outside the region.\r\n'
)


@pytest.mark.parametrize(("raw", "text"), [
    # Notepad's "ANSI" in Western Europe: read as Central European, "Hélène" was "Hélčne"
    (CAFES.encode("cp1252"), "said Hélène Vasseur"),
    # UTF-8 with one apostrophe pasted from a Windows program: "inquiry‚Äôs", "√âlodie"
    ("Élodie Marchetti said the inquiry".encode() + b"\x92s findings were due.\n", "Élodie Marchetti said the "
     "inquiry’s findings"),
])
def test_a_text_files_windows_characters_are_read_as_windows_writes_them(raw: bytes, text: str) -> None:
    assert text in decode(raw, page=False)


def test_an_article_is_named_as_the_seed_that_holds_it_whole_before_a_near_copy() -> None:
    text = " ".join(f"word{i}" for i in range(200))
    near = text + " and a closing line the second wire added"  # holds all of it too, and more
    part = " ".join(text.split()[:190])  # holds nine tenths and more: a near copy
    known = {name: importer._grams(t) for name, t in (("a-part.txt", part), ("b-near.txt", near), ("c-same.txt", text))}
    assert importer.duplicate(text, known) == "c-same.txt"


BODY = ("The council voted on Tuesday to rebuild the harbour wall at a cost of four million pounds, after a winter "
        "of storms. Engineers said the work would take two years.")


def saved_page(title: str, paragraphs: list[str], head: str = "", figure: str = "", saved_from: str = "",
               pull: str = "") -> str:
    """A news site's article page as a browser saves it: its head, a menu, the article, a footer."""
    return (f"{saved_from}<!doctype html><html><head><meta charset='utf-8'><title>{title} - Harbour News</title>"
            f"<meta property='og:title' content='{title}'><meta property='og:site_name' content='Harbour News'>{head}"
            "</head><body><nav><a href='/'>Home</a> <a href='/news'>News</a> <a href='/sport'>Sport</a></nav>"
            f"<article><h1>{title}</h1>{figure}"
            + "".join(f"<p>{p}</p>" + (pull if i == 0 else "") for i, p in enumerate(paragraphs))
            + "</article><footer>Copyright Harbour News</footer></body></html>")


def test_what_a_researcher_saving_news_pages_found(tmp_path: Path) -> None:
    """Tried by a newsroom researcher: a pull-quote was kept as a paragraph of its own; a caption became a section
    heading, and was lost from a "Web Page, complete" save; "Lords wrong on detainees - Straw" lost "- Straw";
    a 60-word NewsArticle was refused; two authors were one ("A; B"); the save's _files folder was imported."""
    root = new_briefing(tmp_path)
    inbox = tmp_path / "inbox"
    (inbox / "wall_files").mkdir(parents=True)
    long = [BODY + " The plan was first put forward in 2019 and twice delayed, once by a lack of money and once by"
            " a legal challenge from the owners of the beach huts on the promenade.",
            "Residents said they had waited a long time. " * 6, "The vote was close, officials said. " * 6]
    pull = f"<blockquote class='pull-quote'><p>{long[0][:60].rsplit(' ', 1)[0]}</p></blockquote>"
    figure = ("<figure><img src='wall_files/photo.jpg' alt=''><figcaption>Waves over the old wall in January"
              "</figcaption></figure>")
    (inbox / "wall.html").write_text(saved_page(
        "Lords wrong on detainees - Straw", long, figure=figure, pull=pull,
        saved_from="<!-- saved from url=(0040)https://news.example.org/politics/1234 -->\n",
        head="<meta name='author' content='Ann Walker; Faisal Islam'>"), encoding="utf-8")
    (inbox / "wall_files" / "frame.html").write_text("<html><body><p>An advert.</p></body></html>", "utf-8")
    brief = ("The harbour master retired on Friday after thirty years, the council said. He will be replaced by his "
             "deputy, who has worked at the port since 1998. A farewell will be held at the lifeboat station next "
             "week, with the mayor and the crews of both boats invited.")
    (inbox / "brief.html").write_text(saved_page("Harbour master retires", [brief], head=(
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Harbour master retires"}'
        "</script>")), encoding="utf-8")
    code, out, err = run_build(root, "import", str(inbox))
    assert (code, err) == (0, ""), out
    found = {e["title"]: e for e in entries(root)}
    assert sorted(found) == ["Harbour master retires", "Lords wrong on detainees - Straw"]
    wall = found["Lords wrong on detainees - Straw"]
    assert wall["author"] == "Ann Walker and Faisal Islam"
    text = (root / "seeds" / wall["file"]).read_text(encoding="utf-8")
    assert text.count(long[0][:40]) == 1  # the pull-quote's words once, in their paragraph
    assert "Photo caption: Waves over the old wall in January" in text.split("\n\n")
    assert run_build(root)[0] == 0
    page = BeautifulSoup((root / "site" / "sources" / wall_id(wall) / "index.html").read_text("utf-8"), "html.parser")
    caption = page.select_one("article.source-text .para-caption")
    assert caption is not None and caption.p.get_text(" ", strip=True).endswith(
        "Photo caption: Waves over the old wall in January")
    assert not [h for h in page.select("article.source-text h2") if "Waves" in h.get_text()]  # not a heading
    assert caption.p.get_text().count("Photo caption") == 2  # the page's label, and the text's, hidden
    assert caption.select_one(".written-label").get_text() == "Photo caption: "


def wall_id(entry: dict[str, Any]) -> str:
    return str(entry["id"])


def test_a_short_paragraph_found_in_a_longer_one_is_kept(tmp_path: Path) -> None:
    """Only a pull-quote is dropped: a short paragraph the article also says inside a longer one ("He declined
    to comment.") and one whose words a longer one holds only as part of longer words stay, each once."""
    root = new_briefing(tmp_path)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    short, inside = "He declined to comment.", "The council will meet the port"
    paragraphs = [BODY, short, f"Asked again on Friday, the harbour master said nothing. {short} The vote stands.",
                  inside, "Next month The council will meet the portside traders and the owners of the beach huts.",
                  "Residents said they had waited a long time for the new wall. " * 3,
                  "The vote was close, officials said, and the work will start in the spring. " * 3]
    (inbox / "port.html").write_text(saved_page("Harbour wall vote", paragraphs), encoding="utf-8")
    code, out, err = run_build(root, "import", str(inbox))
    assert (code, err) == (0, ""), out
    entry = next(e for e in entries(root) if e["title"] == "Harbour wall vote")
    text = (root / "seeds" / entry["file"]).read_text(encoding="utf-8").split("\n\n")
    assert short in text and inside in text


def test_a_russian_or_ukrainian_text_files_byline_and_date_are_read(tmp_path: Path) -> None:
    """Tried by an analyst in Kyiv: "Автор: ..." gave no author and kept the dateline's date from the article."""
    from briefing.importer import _from_text
    body = " ".join(["Текст абзацу тут, довгий і докладний."] * 40)
    found = _from_text(f"Заголовок новини\n\nАвтор: Анна Петрова\n\nКИЇВ, 4 вересня 2025 року — {body}\n")
    assert (found.title, found.author, found.published) == ("Заголовок новини", "Анна Петрова", "2025-09-04")
    found = _from_text(f"Заголовок\n\n3 сентября 2025 года\n\nМОСКВА — {body}\n")
    assert found.published == "2025-09-03"
