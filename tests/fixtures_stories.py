"""Short invented articles for the story-grouping tests (written for these tests; every name is invented).

Two earthquakes told with the same vocabulary (different towns, officials, magnitudes and days), two
outlets on the first one, a wire copy, a late follow-up, and an unrelated court case.
"""

from __future__ import annotations


def _unwrap(text: str) -> str:
    """Paragraphs on one line each, as scraped pages give them (the source is wrapped to fit 110 columns)."""
    return "\n\n".join(" ".join(paragraph.split()) for paragraph in text.strip().split("\n\n")) + "\n"


QUAKE_A_WIRE = _unwrap(
    """Strong earthquake shakes Varnholm, killing at least 14

A magnitude 6.4 earthquake struck the mountain town of Varnholm early on Tuesday, killing at least 14
people and injuring more than 200, the regional governor Ilse Marrow said.

The quake hit at 4:12 a.m. at a depth of 10 kilometres, according to the Varnholm Seismic Institute.
Rescue teams searched collapsed houses in the old quarter through the morning, and aftershocks of up to
magnitude 4.8 rattled the valley.

"We are still pulling people out of the rubble," Marrow told reporters outside the town hall. "Every hour
counts now."

Schools in Varnholm were closed and about 3,000 residents spent the night in tents set up by the Red
Lantern relief agency on the football ground. The Varnholm Seismic Institute said the epicentre lay 8
kilometres north of the town, near the village of Oskarby.
"""
)

QUAKE_A_SECOND_OUTLET = _unwrap(
    """Varnholm earthquake: toll rises to 19 as rescuers reach Oskarby

The death toll from Tuesday's magnitude 6.4 earthquake in Varnholm rose to 19 on Wednesday, governor Ilse
Marrow said, as rescue teams finally reached the cut-off village of Oskarby near the epicentre.

Marrow said more than 230 people had been injured. The Red Lantern relief agency said some 3,500 people
were now sleeping in tents, and the Varnholm Seismic Institute recorded more than 40 aftershocks.

"Oskarby has been hit very hard," said Piet Langevoort, who leads the Red Lantern team in Varnholm. "Half
of its houses are uninhabitable." Engineers began checking the old quarter's churches and the town hall
for cracks.
"""
)

QUAKE_B = _unwrap(
    """Earthquake hits Coldwater Bay, at least 6 dead

A magnitude 5.7 earthquake struck Coldwater Bay on the southern coast on Saturday, killing at least 6
people and injuring 48, harbour master Tomas Reyl said.

The quake hit at 11:40 p.m. at a depth of 25 kilometres, according to the Coastal Geophysics Office,
which said its epicentre lay offshore, 15 kilometres south of the bay. Rescue teams searched collapsed
warehouses along the quay through the night, and aftershocks of up to magnitude 4.1 followed.

"The old warehouses on the quay simply folded," Reyl said. Mayor Hanna Vosk said about 600 residents
spent the night in the sports hall, and the ferry to Lindqvist Island was suspended.
"""
)

COURT_CASE = _unwrap(
    """Judge jails Brandt Holdings director over pension fraud

A former director of Brandt Holdings was jailed for seven years on Thursday for stealing 4.2 million
crowns from the firm's staff pension fund, in a case prosecutors called the largest of its kind.

Judge Amalia Ferreira told Edvin Brandt, 58, that he had "betrayed people who trusted him with their old
age". The court heard that Brandt moved the money through shell companies in three countries over six
years. His lawyer, Cora Lindahl, said he would appeal against the sentence.

The pension fund's trustees said about 1,100 former employees would be repaid by the state guarantee
scheme by the end of the year.
"""
)

QUAKE_A_FOLLOW_UP = _unwrap(
    """Varnholm earthquake: rebuilding plan for old quarter unveiled

A week after the magnitude 6.4 earthquake that killed 19 people in Varnholm, governor Ilse Marrow
unveiled a plan to rebuild the town's old quarter and the village of Oskarby.

Marrow said the Red Lantern relief agency would keep its tents on the football ground until the end of
the month, and that engineers of the Varnholm Seismic Institute had declared 140 houses unsafe. "Oskarby
will be rebuilt stronger than it was," Marrow said.
"""
)


def wire_copy(text: str) -> str:
    """The same story as republished by another site: new furniture around the same body."""
    return (
        "NORTHERN BEACON | Home | News | Sport | Weather\n\n"
        + text
        + "\nCopyright Northern Beacon. Sign up for our morning newsletter.\n"
    )
