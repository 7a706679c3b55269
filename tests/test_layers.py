"""The package's layers, read from the imports (function-level and type-only ones included).

Lowest first: ``model``/``errors`` ← ``nlp``, ``ingest``, ``embeddings`` ← ``stages`` (and
``lang``, the pipelines of other languages) ←
``pipeline`` (and the package root) ← ``store`` ← ``corpus``, ``batch``, ``watch``,
``evaluate``,
``training`` ← ``render`` ← ``web`` ← ``cli``. A module may import from its own layer or
below, with one more rule: ``store`` imports no stage and no pipeline (storage depends only
on the data model and the encoder it stores vectors of). No exception list.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "tealeaves"

#: Top-level part of ``tealeaves`` → its layer.
LAYERS: dict[str, int] = {
    "model": 0, "errors": 0,
    "nlp": 1, "ingest": 1, "embeddings": 1,
    "stages": 2, "lang": 2,
    "pipeline": 3, "": 3,  # "" is the package root (tealeaves/__init__.py)
    "store": 4,
    "corpus": 5, "batch": 5, "evaluate": 5, "training": 5, "watch": 5,
    "render": 6,
    "web": 7,
    "cli": 8,
}  # fmt: skip
#: Parts that may not import from these, though they sit below them.
FORBIDDEN: dict[str, set[str]] = {"store": {"stages", "pipeline", ""}}
#: Runtime parts never import training or evaluation code.
RUNTIME = {"model", "errors", "nlp", "ingest", "embeddings", "stages", "lang", "pipeline", "",
           "store", "corpus", "batch", "render", "web", "watch"}


def _module_name(path: Path, package: Path = PACKAGE) -> str:
    parts = list(path.relative_to(package.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_module(root: Path, dotted: str) -> bool:
    base = root / dotted.replace(".", "/")
    return base.is_dir() or base.with_suffix(".py").is_file()


def _imports(path: Path, package_dir: Path = PACKAGE) -> list[tuple[int, str]]:
    """(line, absolute module) for every import of this package in *path*."""
    name = _module_name(path, package_dir)
    root = package_dir.parent
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target == "tealeaves" or target.startswith("tealeaves."):
                # "from ..corpus import grouping" names a submodule: count it, not the package
                subs = [f"{target}.{a.name}" for a in node.names
                        if _is_module(root, f"{target}.{a.name}")]
                if len(subs) < len(node.names):
                    found.append((node.lineno, target))
                found.extend((node.lineno, sub) for sub in subs)
        elif isinstance(node, ast.Import):
            found.extend((node.lineno, a.name) for a in node.names if a.name.startswith("tealeaves"))
    return found


def _part(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _violations(package_dir: Path = PACKAGE) -> list[str]:
    bad = []
    for path in sorted(package_dir.rglob("*.py")):
        here = _part(_module_name(path, package_dir))
        if here not in LAYERS:
            bad.append(f"{path.relative_to(package_dir)}: part {here!r} has no layer")
            continue
        for line, target in _imports(path, package_dir):
            there = _part(target)
            where = f"{path.relative_to(package_dir)}:{line} imports {target}"
            if there not in LAYERS:
                bad.append(f"{where} (no layer)")
            elif LAYERS[there] > LAYERS[here]:
                bad.append(f"{where} (layer {LAYERS[there]} above {LAYERS[here]})")
            elif there in FORBIDDEN.get(here, set()):
                bad.append(f"{where} (forbidden)")
            elif here in RUNTIME and there in ("training", "evaluate"):
                bad.append(f"{where} (runtime code imports {there})")
    return bad


def test_no_module_imports_a_higher_layer() -> None:
    assert _violations() == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from ..corpus import grouping\n", "imports tealeaves.corpus.grouping (layer 5 above 4)"),
        ("def f():\n    from ..stages.actors import find_actors\n", "(forbidden)"),
        ("if True:\n    import tealeaves.web.app\n", "(layer 7 above 4)"),
        ("from .. import __version__\n", "(forbidden)"),
        ("from ..training import x\n", "(layer 5 above 4)"),
    ],
)
def test_the_reader_catches_upward_imports(source: str, expected: str, tmp_path: Path) -> None:
    package = tmp_path / "tealeaves"
    for part in ("store", "corpus", "stages/actors", "web", "training"):
        (package / part).mkdir(parents=True)
        (package / part / "__init__.py").write_text("", encoding="utf-8")
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "corpus" / "grouping.py").write_text("", encoding="utf-8")
    (package / "store" / "probe.py").write_text(source, encoding="utf-8")
    assert [v for v in _violations(package) if expected in v], _violations(package)


def test_runtime_code_never_imports_training(tmp_path: Path) -> None:
    package = tmp_path / "tealeaves"
    (package / "stages").mkdir(parents=True)
    (package / "training").mkdir()
    (package / "stages" / "x.py").write_text("from ..evaluate import ptc\n", encoding="utf-8")
    assert any("above" in v for v in _violations(package))


#: Size caps (DESIGN.md: split by concern before a file grows past them).
MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 80


def _python_files() -> list[Path]:
    root = PACKAGE.parents[1]
    return sorted(p for d in ("src", "tests", "scripts", "benchmarks") for p in (root / d).rglob("*.py"))


def test_no_module_passes_the_size_cap() -> None:
    long = {str(p.relative_to(PACKAGE.parents[1])): n for p in _python_files()
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES}
    assert long == {}


def test_no_function_passes_the_size_cap() -> None:
    long = {}
    for path in _python_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                n = (node.end_lineno or node.lineno) - node.lineno + 1
                if n > MAX_FUNCTION_LINES:
                    long[f"{path.relative_to(PACKAGE.parents[1])}:{node.name}"] = n
    assert long == {}
