"""Hand-made briefs for the render tests.

Why hand-made: the renderers must be tested on a Brief that has every section filled in the way the
pipeline fills it (spans that really point into the article text, quotes carried by several outlets, claims
that disagree) without depending on the upstream stages. The story is invented: a dock strike at the
fictional Port of Kestrelmouth, covered by three fictional outlets. Offsets are computed from the texts, so
editing a text cannot silently break a span.
"""

from __future__ import annotations

from storyline.model import (
    Article,
    Brief,
    Citation,
    Claim,
    Disagreement,
    Quote,
    Removed,
    Span,
    Speaker,
    SummarySentence,
    TimelineEntry,
)

COURIER_TEXT = """\
Dockworkers at the Port of Kestrelmouth walked off the job on Monday, halting container traffic at the \
region's busiest harbour.

More than 1,200 members of the Harbour Workers' Union joined the strike, according to the union. The port \
authority put the number at about 800.

"We have been patient for two years, and patience has run out," said Maria Okafor, the union's regional \
secretary. She said the walkout would continue until the port authority withdrew its plan to automate the \
northern terminal.

Port authority chief executive Daniel Reyes said the automation plan was "essential to the port's future" \
and that talks could resume "at any time".

The union first raised concerns about automation in March 2025, when the authority published its ten-year \
investment plan. Ships were already queuing outside the harbour on Monday evening, with 14 vessels waiting \
to berth, the harbourmaster's office said."""

NORTHLINE_TEXT = """\
KESTRELMOUTH, July 7 (Northline) - A strike by dockworkers at the Port of Kestrelmouth entered its second \
day on Tuesday, with about 20 ships waiting offshore, according to shipping data.

The Harbour Workers' Union said around 1,200 workers had stopped work. "We have been patient for two \
years, and patience has run out," union official Maria Okafor told reporters.

The port handled 2.1 million containers in 2025, up from 1.8 million in 2024, making it the country's \
third-largest container port.

Daniel Reyes, the port authority's chief executive, told Northline that the authority was ready to talk \
"at any time" but would not abandon automation.

Retailers warned of shortages of fresh produce if the strike lasted beyond the week."""

WEEKLY_TEXT = """\
The walkout at Kestrelmouth began on 6 July 2026 after talks between the Harbour Workers' Union and the \
port authority collapsed the previous week.

Union figures put participation at 1,200 workers; the port authority says fewer than 800 have joined. \
Either way, the northern terminal is at a standstill.

Maria Okafor said members were "not against modern equipment" but wanted guarantees on jobs. Daniel Reyes \
said the automation plan was "essential to the port's future".

Analysts at Tideway Research said throughput had fallen in 2025, not risen, once transhipment volumes are \
excluded."""

COURIER, NORTHLINE, WEEKLY = "kestrel-courier-0707", "northline-0707", "htw-stoppage"


def span(text: str, phrase: str, occurrence: int = 0) -> Span:
    """The span of the ``occurrence``-th appearance of ``phrase`` in ``text`` (fails loudly if absent)."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(phrase, start + 1)
    return Span.of(text, start, start + len(phrase))


def cite(article: Article, phrase: str) -> Citation:
    found = span(article.text, phrase)
    return Citation(article.id, found.start, found.end)


def _with_boilerplate(
    text: str, head: list[tuple[str, str]], tail: list[tuple[str, str]]
) -> tuple[str, list]:
    """Build a plausible raw input around ``text`` and the Removed records pointing into it."""
    raw, removed = "", []
    for chunk, reason in head:
        removed.append(Removed(len(raw), len(raw) + len(chunk), chunk, reason))
        raw += chunk + "\n"
    raw += text + "\n"
    for chunk, reason in tail:
        removed.append(Removed(len(raw), len(raw) + len(chunk), chunk, reason))
        raw += chunk + "\n"
    return raw, removed


def _articles() -> tuple[Article, Article, Article]:
    raw1, removed1 = _with_boilerplate(
        COURIER_TEXT,
        [("Home > News > Business", "navigation breadcrumb")],
        [
            ("Share this article: Facebook | X | Email", "share buttons"),
            ("Related: Ferry fares to rise in autumn", "related headlines"),
        ],
    )
    raw2, removed2 = _with_boilerplate(
        NORTHLINE_TEXT, [], [("(Reporting by Sam Patel; Editing by Jo Lind)", "credits line")]
    )
    raw3, removed3 = _with_boilerplate(
        WEEKLY_TEXT, [], [("Subscribe to Harbour & Trade Weekly for £4 a month.", "subscription prompt")]
    )
    courier = Article(
        id=COURIER,
        source="https://kestrelcourier.example/news/2026/07/07/dock-strike",
        text=COURIER_TEXT,
        raw=raw1,
        outlet="The Kestrel Courier",
        title="Dockworkers strike at Kestrelmouth over automation plan",
        published="2026-07-07",
        published_from="text",
        lang="en",
        removed=removed1,
    )
    northline = Article(
        id=NORTHLINE,
        source="https://northline.example/world/kestrelmouth-strike-0707",
        text=NORTHLINE_TEXT,
        raw=raw2,
        outlet="Northline News",
        title="Kestrelmouth port strike enters second day",
        published="2026-07-07T18:40:00+00:00",
        published_from="html",
        lang="en",
        removed=removed2,
    )
    weekly = Article(
        id=WEEKLY,
        source="examples/harbour-trade-weekly/kestrelmouth-stoppage.txt",
        text=WEEKLY_TEXT,
        raw=raw3,
        outlet="Harbour & Trade Weekly",
        title="Kestrelmouth stoppage: what shippers need to know",
        published="2026-07-08",
        published_from="inferred",
        lang="en",
        removed=removed3,
    )
    return courier, northline, weekly


def _quote(
    article: Article,
    kind: str,
    speaker: str,
    cue: str | None,
    contents: list[str],
    also_in: list[str] | None = None,
) -> Quote:
    text = article.text
    return Quote(
        article=article.id,
        kind=kind,  # type: ignore[arg-type]
        speaker=Speaker(speaker, span=span(text, speaker) if speaker in text else None),
        cue=span(text, cue) if cue else None,
        content=[span(text, phrase) for phrase in contents],
        also_in=also_in or [],
    )


def _claim(
    article: Article,
    value: float,
    phrase: str,
    qualifier: str,
    what: str,
    source: str | None,
    date: str | None,
    unit: str | None = None,
) -> Claim:
    found = span(article.text, phrase)
    return Claim(article.id, value, phrase, qualifier, what, found, source=source, date=date, unit=unit)


def build_brief() -> Brief:
    """A realistic three-outlet Brief with every section filled."""
    courier, northline, weekly = _articles()
    summary = [
        SummarySentence(
            "Dockworkers at the Port of Kestrelmouth walked off the job on Monday 6 July, halting container "
            "traffic at the region's busiest harbour.",
            [
                cite(courier, "Dockworkers at the Port of Kestrelmouth walked off the job on Monday"),
                cite(weekly, "The walkout at Kestrelmouth began on 6 July 2026"),
            ],
        ),
        SummarySentence(
            "The Harbour Workers' Union says about 1,200 members have stopped work; the port authority puts "
            "the figure at about 800.",
            [
                cite(courier, "More than 1,200 members of the Harbour Workers' Union joined the strike"),
                cite(courier, "The port authority put the number at about 800."),
                cite(northline, "The Harbour Workers' Union said around 1,200 workers had stopped work."),
            ],
        ),
        SummarySentence(
            "The union wants the authority to drop its plan to automate the northern terminal, which chief "
            "executive Daniel Reyes calls essential to the port's future.",
            [
                cite(
                    courier, "She said the walkout would continue until the port authority withdrew its plan"
                ),
                cite(weekly, 'Daniel Reyes said the automation plan was "essential to the port\'s future".'),
            ],
        ),
        SummarySentence(
            "By Tuesday about 20 ships were waiting offshore, and retailers warned of fresh-produce "
            "shortages.",
            [
                cite(northline, "with about 20 ships waiting offshore, according to shipping data"),
                cite(northline, "Retailers warned of shortages of fresh produce"),
            ],
        ),
    ]
    timeline = [
        TimelineEntry(
            "2025",
            "year",
            "Kestrelmouth handles 2.1 million containers, by Northline's count.",
            [cite(northline, "The port handled 2.1 million containers in 2025")],
        ),
        TimelineEntry(
            "2025-03",
            "month",
            "The port authority publishes its ten-year investment plan; the union first objects to "
            "automation.",
            [cite(courier, "The union first raised concerns about automation in March 2025")],
        ),
        TimelineEntry(
            "2026-07-06",
            "day",
            "Dockworkers walk out after talks collapse; 14 vessels queue outside the harbour by evening.",
            [
                cite(weekly, "The walkout at Kestrelmouth began on 6 July 2026"),
                cite(courier, "with 14 vessels waiting"),
            ],
        ),
        TimelineEntry(
            "2026-07-07",
            "day",
            "The strike enters its second day with about 20 ships waiting offshore.",
            [cite(northline, "entered its second day on Tuesday")],
        ),
    ]
    quotes = [
        _quote(
            courier,
            "direct",
            "Maria Okafor",
            "said",
            ["We have been patient for two years, and patience has run out"],
            also_in=[NORTHLINE],
        ),
        _quote(
            courier,
            "indirect",
            "Maria Okafor",
            "She said",
            [
                "the walkout would continue until the port authority withdrew its plan to automate the "
                "northern terminal"
            ],
        ),
        _quote(weekly, "partial", "Maria Okafor", "said", ["not against modern equipment"]),
        _quote(
            courier,
            "partial",
            "Daniel Reyes",
            "said",
            ["essential to the port's future", "at any time"],
            also_in=[WEEKLY, NORTHLINE],
        ),
        _quote(
            weekly,
            "indirect",
            "Tideway Research",
            "said",
            ["throughput had fallen in 2025, not risen, once transhipment volumes are excluded"],
        ),
    ]
    union_1200 = _claim(
        courier,
        1200,
        "More than 1,200",
        "more than",
        "striking workers",
        "Harbour Workers' Union",
        "2026-07-06",
    )
    authority_800 = _claim(
        courier, 800, "about 800", "about", "striking workers", "port authority", "2026-07-06"
    )
    northline_1200 = _claim(
        northline, 1200, "around 1,200", "about", "striking workers", "Harbour Workers' Union", "2026-07-07"
    )
    weekly_800 = _claim(
        weekly, 800, "fewer than 800", "less than", "striking workers", "port authority", None
    )
    ships_14 = _claim(
        courier,
        14,
        "14 vessels",
        "",
        "ships waiting to berth",
        "harbourmaster's office",
        "2026-07-06",
        "vessels",
    )
    ships_20 = _claim(
        northline,
        20,
        "about 20 ships",
        "about",
        "ships waiting offshore",
        "shipping data",
        "2026-07-07",
        "ships",
    )
    boxes_2025 = _claim(
        northline, 2_100_000, "2.1 million containers", "", "containers handled", None, "2025", "containers"
    )
    boxes_2024 = _claim(
        northline, 1_800_000, "1.8 million", "", "containers handled", None, "2024", "containers"
    )
    claims = [
        union_1200,
        authority_800,
        northline_1200,
        weekly_800,
        ships_14,
        ships_20,
        boxes_2025,
        boxes_2024,
    ]
    disagreements = [
        Disagreement(
            "striking workers",
            "conflict",
            "The union counts about 1,200 strikers; the port authority says about 800, or fewer.",
            [union_1200, northline_1200, authority_800, weekly_800],
        ),
        Disagreement(
            "ships waiting",
            "different_counts",
            "14 vessels on Monday evening and about 20 ships on Tuesday: different days, different sources.",
            [ships_14, ships_20],
        ),
        Disagreement(
            "containers handled",
            "trend",
            "Northline reports growth from 1.8 to 2.1 million containers in 2025; Tideway Research says "
            "throughput fell once transhipment is excluded.",
            [boxes_2024, boxes_2025],
        ),
    ]
    return Brief(
        articles=[courier, northline, weekly],
        summary=summary,
        quotes=quotes,
        claims=claims,
        disagreements=disagreements,
        timeline=timeline,
    )


HOSTILE = '<script>alert(1)</script>"><img src=x onerror=alert(1)>'


def build_hostile_brief() -> Brief:
    """A Brief whose article-derived strings all carry markup, to prove every renderer escapes them."""
    text = f"Intro line. The mayor said {HOSTILE} loudly. Then [a](javascript:alert(1)) and *stars* # end."
    article = Article(
        id="evil-1",
        source=f"javascript:alert(1)//{HOSTILE}",
        text=text,
        outlet=f"Evil {HOSTILE} Outlet",
        title=f"# Title {HOSTILE} | [x](y)\nsecond line",
        published="2026-07-07",
        published_from="text",
        removed=[Removed(0, 10, f"nav {HOSTILE}", f"reason {HOSTILE}")],
    )
    content = span(text, HOSTILE)
    quote = Quote(
        article=article.id,
        kind="direct",
        speaker=Speaker(f"The mayor {HOSTILE}", span=span(text, "The mayor")),
        cue=span(text, "said"),
        content=[content],
    )
    claim = Claim(article.id, 1, HOSTILE, HOSTILE, HOSTILE, content, source=HOSTILE, date=HOSTILE)
    return Brief(
        articles=[article],
        summary=[SummarySentence(f"Summary {HOSTILE}.", [Citation(article.id, content.start, content.end)])],
        quotes=[quote],
        claims=[claim],
        disagreements=[Disagreement(HOSTILE, HOSTILE, HOSTILE, [claim])],
        timeline=[TimelineEntry("2026-07-07", "day", f"Event {HOSTILE}", [Citation(article.id, 0, 5)])],
    )
