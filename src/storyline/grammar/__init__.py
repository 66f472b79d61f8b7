"""The shared grammar of news text: dates, datelines, transcript speaker labels, names, reporting verbs,
stop words.

Why a leaf package: cleaning, analysis, relating and briefing all need to recognise the same things in
text (a dateline, "BEARDSLEY:", "July 17", a reporting verb). When each step kept its own regexes they
drifted apart, and steps imported each other to share them (clean/ from analyse/, briefing/ from clean/).
Everything here depends on nothing but the standard library (and the plain records of
``storyline.model``), so any step may use it and it never pulls a step, spaCy or a model in.
"""
