"""The briefing stage: summarise, timeline, and the filters and scores they share.

Why not ``brief/``: the package is named for the step, and ``storyline.brief`` is the public function;
a package of the same name shadowed it and needed a callable-module swap to undo that.
"""
