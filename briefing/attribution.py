"""Who an article says spoke: the speaker of each quoted passage ("“...,” said Harvard’s Lee"; "he" followed back
through the text), and the sentences that report, without quoting, what someone said (paraphrases). Would rather
give a quote to no one than to the wrong person: a speaker the text does not name ("the Conservative leader said")
is no one, not the last one named."""
from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from .folding import LOWER, UPPER
from .speakers import DASHED, SENTENCE_END, Speakers, quoted, unquoted

# A word of a name: "Lee", "Lee-Smith", "McLean", "MacDonald", "O'Neill", "d’Estaing", "Émile", "Großmann"
WORD = rf"(?:Ma?c|O['’]|[Dd]['’])?[{UPPER}][{LOWER}]+(?:-[{UPPER}{LOWER}][{LOWER}]+)*"
# The next word of a name, after the small words that may come between: "Ursula von der Leyen", "Bashar al-Assad"
NEXT = rf"\s+(?:(?:von|van|der|den|de|du|des|da|di|del|della|dos|das|ter|bin|ibn|al|el)(?:\s+|-))*{WORD}"
_NAME = rf"(?:{WORD}['’]s?\s+)?({WORD}(?:{NEXT}){{0,3}}|[Hh]e|[Ss]he)"  # "Harvard’s Lee", "Atticus' Slager"
VERB = (r"(?:said|says|told|added|adds|declared|declaring|described|describing|wrote|writes|noted|warned|stated|argued"
         r"|called|calls|continued)")
_REPORTING = (r"(?:said|says|told|stressed|emphasi[sz]ed|underlined|underscored|noted|warned|insisted|urged|pledged"
              r"|vowed|reiterated|highlighted|argued|acknowledged|affirmed|promised|added|expressed|called for"
              r"|critici[sz]ed|condemned|indicated|mentioned|signall?ed|denied|predicted)")
_TITLED = rf"(?:[{UPPER}][\w’'-]*\s+){{0,4}}"  # "South Korean President ", dropped when the name is resolved
# A sentence reporting what someone said without quoting them: "Xi emphasized that the relationship ...", "He
# highlighted ...", "Just a day earlier, Xi and Putin jointly criticized ...", "Both US President Donald Trump and
# South Korean President Lee Jae-myung have indicated ..."
_ADVERBS = r"(?:(?:also|has|had|have|jointly|repeatedly|publicly|again|once|later|then|earlier|famously)\s+){0,2}"
_REPORTED = re.compile(rf"^(?:[^,“”\"]{{0,60}},\s+)?(?:[Bb]oth\s+)?({_TITLED}{_NAME})(?:\s+and\s+({_TITLED}{_NAME}))?"
                       rf"(?:(?:,[^“”\"]{{0,120}}?,)?\s+|{DASHED}){_ADVERBS}{_REPORTING}\b")
# ... or a sentence whose speaker comes last: "If the trip is a success, it could help him, Lim Eul-chul, a professor
# at Kyungnam University, said." The paraphrase is what comes before the name.
_SAID_LAST = re.compile(rf"^([^“”\"]{{20,}}?),\s+(?:(?:said|says)\s+({_TITLED}{_NAME})(?:,[^“”\",]{{0,140}}"
                        rf"|\s+(?:of|at|from)\s+[^“”\",]{{0,100}})?\s*[.!]?$"
                        rf"|({_TITLED}{_NAME})(?:,[^“”\"]{{0,140}}?,\s+|{DASHED})(?:said|says)\s*[.!]?$"
                        rf"|({_TITLED}{_NAME})\s+(?:said|says)\s*[.!]?$)")
# A paraphrase's sentence ending in whose account it is: "Tony Blair promised ..., a new book about him claims."
_CLAIMED_BY = re.compile(r",\s+(?:an?|the)\s+[^,“”\"]{1,80}?\s+(?:claims|claimed|alleges|alleged|reports|reported"
                         r"|suggests|suggested|says|said)\s*[.!]?$")
_UNNAMED = re.compile(rf"[,.!?]?\s*(?:the|a|an)\s+[^“”\".,]{{0,60}}?\b{VERB}\b")
_UNNAMED_LEADS = re.compile(rf"(?:^|[.!?]\s+)(?:[Tt]he|[Aa]n?)\s+[^“”\".,]{{0,60}}?\b{VERB}\s*:?\s*$")
_REPORTS = re.compile(rf"\s*[^“”\".!?]{{0,80}}?\b{VERB}\s+(?:that|he|she|it|they|there|we|his|her|the)\b")
_JOINT_BEFORE = re.compile(rf"\b[{UPPER}][\w'’.-]*,?\s+(?:and|&)\s+$")  # "JP McManus and " before the name found
_JOINT_AFTER = re.compile(rf",?\s+(?:and|&)\s+[{UPPER}]")  # " and John Magnier" after it
_RELATING = r"(?:of|for|to|with|by|from|at|on|in|and|or|about|after|before|than|whom?|whose|[Hh]is|[Hh]er|their)"
# what may follow the name in "said NAME ...": who they are or when ("said Lee of Harvard", "said Lee on Monday")
_GOES_ON = rf"(?:{_RELATING}|who|when|while|as|after|during|today|yesterday|tonight|earlier|later|recently|also|then)"
_NAMING = re.compile(r"\b(?:for|meaning|known as|dubbed|named|nicknamed|titled|entitled)\s*$")
_AFTER = (  # what follows a quote: ", Soo Kim, ..., told AFP", "said Harvard’s Lee", "..., she said."
    # (the description after the name closed by a comma, or not: "Anais Faraj, an analyst at Nomura told"; or
    # between dashes: "Andrei Illarionov - then an adviser to Putin - told")
    re.compile(rf"^[,.!?]?\s*{_NAME}(?:(?:,[^“”\"]*?,|,[^“”\",.]*?)?\s+|{DASHED}){_ADVERBS}{VERB}\b"),
    # "said Harvard’s Lee", ending there or going on with who they are ("said Lee, a professor", "said Lee of ..."):
    # not "said Lower Town residents’ association chair Mary Quinlan", whose speaker comes last
    re.compile(rf"^[,.!?]?\s*(?:{VERB}|according to)\s+{_TITLED}?{_NAME}"
               rf"(?![’'\w-]|\s+(?!{_GOES_ON}\b)[{LOWER}{UPPER}])"),
    re.compile(rf"^[,.!?]?\s*{VERB}\s+(?:(?!{_RELATING}\b)[\w’'-]+\s+){{1,5}}?{_NAME}(?=\s*[,.;!?)]|\s*$)"),
    re.compile(rf"^[^“”\"]*,\s+{_NAME}\s+{VERB}\b[^“”\"]*$"),
    # a role before the name, no word between that makes it someone else's ("police chief Dora Lenz said", "Red
    # Cross coordinator Pavel Dunic said"; not "the spokesman for Kim said")
    re.compile(rf"^[,.!?]?\s*(?:(?!{_RELATING}\b)[\w’'-]+\s+){{1,4}}?{_NAME}\s+{_ADVERBS}{VERB}\b"),
)
# what leads up to one: "Kim, in turn, described the parade as", "according to X,", "Kim once said:", "The
# spokeswoman, Jane Doe, said"
_BEFORE = (
    re.compile(rf"{_NAME}(?:(?:,[^“”\"]*?,|,)?\s+|{DASHED}){_ADVERBS}{VERB}\b[^“”\"]*$"),
    re.compile(rf"according to\s+{_NAME}[^“”\"]*$"),
    re.compile(rf"{_NAME}(?:,|\s+[–—])\s+who\b[^“”\"]*?\b{VERB}\b[^“”\"]*$"),
)



def goes_on(who: Speakers, text: str, start: int, before: tuple[int, str] | None, earlier: str, last: str,
             previous: str) -> str:
    """Who says a quote that opens its sentence naming no one: the quote's before if opened again straight after it
    (British papers), its speaker or none; else who the sentence before says spoke, or the block's last speaker."""
    if before and not any(c.isalpha() for c in text[before[0]:start]):
        return before[1]
    return who.said_last(unquoted(earlier) + unquoted(text[:start - 1])) or last or (
        previous if not text[:start - 1].strip() else "")


def quotes(text: str, who: Speakers, earlier: str = "") -> Iterator[tuple[int, int, str | None, bool]]:
    """Each quoted passage (start, end), who the sentence says spoke it ('' if no one by name, or not surely;
    None if it says someone spoke whom it does not name: "he said", after a sentence naming only whom he thanked),
    and whether the quote opens its sentence."""
    ends = [s.end() for s in SENTENCE_END.finditer(text)]
    cut = 0
    for start, end in quoted(text):
        mark, close = start - 1, end + 1  # the quotation marks (or where one would be)
        before = bisect.bisect_right(ends, mark)  # the sentence ends up to the quote, found by halving
        sentence_start = max(cut, ends[before - 1] if before else 0)
        # The sentence after the quote, to its end: as if searched for in the rest of the text
        # alone (where the end's look back cannot reach before the quote's end), not copied
        # out of it quote by quote (8,000 quotes in an article took 47 s to report).
        stop = SENTENCE_END.search(text, close + 2)
        after = text[close:stop.start() if stop is not None else len(text)]
        tails, lead = _tails(text[start:end], after), text[sentence_start:mark]
        # "He said the man shouted:" relays another's words: the one who relays them did not say them
        leads = _BEFORE if len(re.findall(rf"\b(?:{VERB}|shouted|asked|replied|claimed|insisted)\b", lead)) < 2 else ()
        tried = [(p, after, close) for p in tails] + [(p, lead, sentence_start) for p in leads]
        name, said = _attributed(tried, who, unquoted(earlier), text, mark)
        # '"...", the Conservative leader said', 'A spokesman added: "..."': said by one the text does not name
        said = said or bool(tails and _UNNAMED.match(after) or leads and _UNNAMED_LEADS.search(lead))
        if len(text[start:end].split()) <= 3 and _NAMING.search(lead):
            name, said = "", False  # 'Veritas - Latin for "truth"', 'a party named "Veritas"': a name or a gloss
        cut = close
        # '"...," it said': a firm or a body speaks, not a person, and the quote goes on with no one
        yield start, end, None if said and not name else name, not lead.strip() and not said and not re.match(
            r"[,.!?]?\s*(?:it|they)\s+(?:said|says|added)", after)


def _tails(words: str, after: str) -> tuple[re.Pattern[str], ...]:
    """The attributions to look for after a quote's words: none in the next sentence ("...done.” Greater Manchester
    Police said"; '...deal”. Sean O’Neill said'; '"...?" Mr Blair said he would not', which reports what he said
    next), but "he said"."""
    ended = words.rstrip().endswith(".") or after.startswith(".") or (
        words.rstrip()[-1:] in "?!" and bool(_REPORTS.match(after)))
    return () if ended and not re.match(r"[,.!?]?\s*[a-z]", after) else _AFTER


def _attributed(tried: list[tuple[re.Pattern[str], str, int]], who: Speakers, earlier: str, text: str,
                mark: int) -> tuple[str, bool]:
    """Who the first of the patterns that finds an attribution in its part of the text (at `at` in it) names, and
    whether one did (said: if only "he", whom the text does not name)."""
    said = False
    for pattern, part, at in tried:
        if found := pattern.search(part):
            said = True
            if _JOINT_BEFORE.search(part, 0, found.start(1)) or _JOINT_AFTER.match(part, found.end(1)):
                return "", said  # "X and Y said they were": two people's words, given to neither alone
            # "he" is who the text names before it: "He told Mr Farage:" is not Farage's
            if name := who.resolve(found[1], earlier + unquoted(text[:min(mark, at + found.start(1))])):
                return name, said
    return "", said


def reporting(sentence: str) -> tuple[str, list[tuple[str, str]]] | None:
    """A sentence reporting what someone said without quoting them: the paraphrase (what comes before a speaker named
    last) and each speaker as written and as the name in it; None if it is none, or one's account of another's
    words ("Tony Blair promised ..., a new book claims")."""
    if m := _SAID_LAST.match(sentence):
        return m[1], [(m[i], m[i + 1]) for i in (2, 4, 6)]
    if (m := _REPORTED.match(sentence)) and not _CLAIMED_BY.search(sentence) and len(sentence[m.end():].split()) >= 2:
        return sentence, [(m[1], m[2]), (m[3], m[4])]  # something said: not "The minister said:" before her words
    return None
