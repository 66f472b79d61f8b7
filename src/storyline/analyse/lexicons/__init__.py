"""Word lists of the analysers, kept apart from their logic (as ``storyline.clean.lexicon`` is).

Why apart: a reader changing how speakers are found should not scroll past 300 lines of verbs, and a
list is reviewed for what it contains (general English, never names from the evaluation articles), not
for how it is used. Each module holds only data: sets, dicts and the patterns built from them.
"""
