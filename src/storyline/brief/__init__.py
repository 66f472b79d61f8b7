"""The brief stage (summarise, timeline) — and, as a call, the public API ``storyline.brief(...)``.

Why this module is callable: the package has a ``brief/`` stage folder *and* promises a function
``storyline.brief(sources, ...)``. Python binds the name ``storyline.brief`` to this subpackage as soon as
any of its modules is imported, which would shadow a plain function; so the subpackage itself forwards
calls to ``storyline.api.brief``. Nothing heavy is imported here.
"""

from __future__ import annotations

import sys
import types
from typing import Any


class _CallableModule(types.ModuleType):
    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        from storyline.api import brief

        return brief(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
