"""The import graph keeps data flowing one way: a step imports only earlier steps and the shared grammar.

Every ``import`` statement of every module is read from the source (including imports inside functions,
which a runtime check of ``sys.modules`` would miss until the function runs).
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "storyline"

# The per-document steps in the order data flows through them.
STEPS = ["ingest", "clean", "analyse", "relate", "briefing", "render"]
# Modules that only orchestrate steps; no step may import them.
ORCHESTRATION = ["engine", "store", "server", "evaluate", "cli", "api"]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level:
            raise AssertionError(f"{path}: relative import; use the absolute storyline.… name")
    return names


def _package_imports(package: str) -> dict[str, set[str]]:
    folder = PACKAGE / package
    return {str(path.relative_to(PACKAGE)): _imports(path) for path in sorted(folder.rglob("*.py"))}


def _step_of(name: str) -> str | None:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "storyline" else None


@pytest.mark.parametrize("step", STEPS)
def test_a_step_never_imports_a_later_step_or_the_orchestration(step: str) -> None:
    later = set(STEPS[STEPS.index(step) + 1 :]) | set(ORCHESTRATION)
    offending = {
        module: sorted(name for name in names if _step_of(name) in later)
        for module, names in _package_imports(step).items()
    }
    assert not {module: names for module, names in offending.items() if names}


def test_the_grammar_depends_on_nothing_but_the_standard_library_and_the_records() -> None:
    allowed_storyline = {"storyline.model", "storyline.grammar"}
    for module, names in _package_imports("grammar").items():
        for name in names:
            root = name.split(".")[0]
            if root == "storyline":
                assert any(name == a or name.startswith(a + ".") for a in allowed_storyline), (module, name)
            else:
                assert root in sys.stdlib_module_names or root == "__future__", (module, name)


def test_the_records_depend_on_nothing_but_the_standard_library() -> None:
    for name in _imports(PACKAGE / "model.py"):
        assert name.split(".")[0] in sys.stdlib_module_names or name == "__future__", name


@pytest.mark.parametrize("step", ["relate", "briefing", "render"])
def test_steps_after_the_analysis_never_import_spacy_or_parse_again(step: str) -> None:
    """They read what the analysis left on the records; a second parse (or spaCy's import) is a bug."""
    for module, names in _package_imports(step).items():
        forbidden = sorted(
            n for n in names if n.split(".")[0] == "spacy" or n.startswith("storyline.analyse.nlp")
        )
        assert not forbidden, f"{module} imports {forbidden}"


def test_briefing_shares_text_rules_through_the_grammar_not_through_clean() -> None:
    for module, names in _package_imports("briefing").items():
        assert not [n for n in names if _step_of(n) in {"ingest", "clean"}], module


def test_this_check_would_catch_a_bad_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from storyline.briefing.filters import has_verb\n    import spacy\n")
    names = _imports(bad)
    assert "storyline.briefing.filters" in names and "spacy" in names
    assert _step_of("storyline.briefing.filters") == "briefing"
