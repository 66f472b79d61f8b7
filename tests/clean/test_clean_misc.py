"""HTML extraction, language detection and near-duplicate marking."""

from __future__ import annotations

from storyline.clean.dedupe import mark_near_duplicates
from storyline.clean.html import clean_html
from storyline.clean.language import detect_language
from storyline.model import Article

PAGE = """<!DOCTYPE html><html><head><title>Harbour closes after storm | Coast Courier</title>
<meta property="og:site_name" content="Coast Courier">
<meta property="article:published_time" content="2024-03-08T09:30:00Z"></head>
<body><nav><ul><li><a href="/">Home</a></li><li><a href="/sport">Sport pages</a></li></ul></nav>
<article><h1>Harbour closes after storm</h1>
<p>The harbour at Port Selwyn was closed on Thursday after a storm tore two cranes from their rails,
the port authority said in a statement released late in the evening.</p>
<p>"We will not reopen until every berth has been inspected," said harbour master Ana Ruiz, who added
that the inspection could take a week or more depending on the weather.</p>
<p>Shipping companies said about 40 vessels were waiting offshore, and some were diverted south.</p>
</article>
<footer><p>Subscribe to our newsletter for daily updates</p><p>Copyright 2024 Coast Courier Ltd</p></footer>
</body></html>"""

ENGLISH = (
    "The minister said on Friday that the talks would resume next week, and that the two sides had "
    "agreed to share the water of the river for another year. "
) * 3
FRENCH = (
    "Le ministre a déclaré vendredi que les négociations reprendraient la semaine prochaine et que les "
    "deux parties avaient accepté de partager l'eau du fleuve pendant une année de plus. "
) * 3


def test_clean_html_extracts_article_metadata_and_removed_blocks() -> None:
    result = clean_html(PAGE)
    assert "two cranes" in result.text and "about 40 vessels" in result.text
    assert "Subscribe" not in result.text and "Sport pages" not in result.text
    assert result.title and result.title.startswith("Harbour closes after storm")
    assert result.outlet == "Coast Courier"
    assert result.published == "2024-03-08"
    assert "\n\n" in result.text
    removed_texts = [item.text for item in result.removed]
    assert any("Subscribe" in text for text in removed_texts)
    for item in result.removed:
        assert PAGE[item.start : item.end] == item.text


def test_clean_html_without_article() -> None:
    assert clean_html("<html><body><nav><a href='/'>Home</a></nav></body></html>").text == ""


def test_language_detection() -> None:
    assert detect_language(ENGLISH) == "en"
    assert detect_language(FRENCH) == "fr"
    assert detect_language("Министр заявил в пятницу, что переговоры возобновятся " * 5) == "ru"
    assert detect_language("1234 5678") == "und"


def test_a_wire_lead_dense_with_names_is_english() -> None:
    """Invented, in the style of an agency lead: few function words among names, places and numbers."""
    lead = (
        "KESSLOW (Wire) — Northland Premier Aurel Vintas on Tuesday signed decrees merging four provinces, "
        "Dravo, Lunet, Zarecky and Kherm, completing a process Velmar and Osterburg governments denounce. "
        "Northland forces pressed counteroffensives, reclaiming villages near Lyva, Kupet and Darvin Brod. "
        "Officials reported heavy losses. Alliance Secretary-General Jonas Stelt condemned Kesslow, calling "
        "referendums sham votes held at gunpoint. Palace spokesman Dmitri Pesk dismissed criticism."
    )
    assert detect_language(lead) == "en"
    german = "Der Minister sagte am Freitag, dass die Gespräche in der nächsten Woche weitergehen. " * 4
    assert detect_language(german) == "de"


def test_near_duplicates_point_at_the_first_copy() -> None:
    body = ENGLISH + " Officials said more than 300 people had been moved to shelters in the north."
    articles = [
        Article(id="a1", source="x", text=body),
        Article(
            id="a2", source="y", text="Completely different story about a football match and its fans. " * 5
        ),
        Article(id="a3", source="z", text="Wire copy. " + body),
        Article(id="a4", source="w", text=body + " Updated at noon."),
    ]
    assert mark_near_duplicates(articles) == 2
    assert [article.duplicate_of for article in articles] == [None, None, "a1", "a1"]


def test_minhash_estimate_tracks_exact_jaccard() -> None:
    from storyline.clean.dedupe import jaccard, shingles, signature

    words = [f"w{number}" for number in range(400)]
    first = " ".join(words)
    second = " ".join(words[:300] + [f"x{number}" for number in range(100)])
    exact = len(shingles(first) & shingles(second)) / len(shingles(first) | shingles(second))
    assert abs(jaccard(signature(first), signature(second)) - exact) < 0.1
    assert jaccard(signature(first), signature(first)) == 1.0
