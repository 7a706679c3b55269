"""The documentation stays true to the code: every CLI command and option is documented in
docs/usage.md, the README's accuracy figures are the baseline's measured values, the README
stays short, and the docs' links lead somewhere."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
import pytest

from tealeaves.cli import cli
from tests.evaluate.gates import gates, load_baseline

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
USAGE = ROOT / "docs" / "usage.md"
EVALUATION = ROOT / "docs" / "evaluation.md"
MAX_README_LINES = 200
#: Pages other branches write at the same time; they land when those branches merge. Drop a
#: name here once its file is in the tree (the test says when).
PENDING: set[str] = set()

_COMMAND_HEADING = re.compile(r"^#{2,6} `(tealeaves(?: [a-z][a-z-]*)*)`\s*$", re.M)
_LINK = re.compile(r"\]\(([^)\s]+)\)")


def walk(command: click.Command, path: tuple[str, ...] = ("tealeaves",)
         ) -> Iterator[tuple[str, click.Command]]:
    """Every command of the live CLI with its full name, groups' subcommands included."""
    yield " ".join(path), command
    if isinstance(command, click.Group):
        ctx = click.Context(command, info_name=path[-1])
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            assert sub is not None, f"{' '.join(path)} lists {name} but cannot load it"
            yield from walk(sub, (*path, name))


def usage_sections(text: str) -> dict[str, str]:
    """docs/usage.md cut at each heading that names a command (``### `tealeaves ingest```)."""
    heads = list(_COMMAND_HEADING.finditer(text))
    ends = [h.start() for h in heads[1:]] + [len(text)]
    return {h.group(1): text[h.end():end] for h, end in zip(heads, ends, strict=True)}


def option_names(command: click.Command) -> list[str]:
    return [name for p in command.params if isinstance(p, click.Option)
            for name in (*p.opts, *p.secondary_opts)]


def mentions(section: str, option: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", section) is not None


def section_tables(text: str, heading: str) -> list[dict[str, str]]:
    """The rows of the first table under the ``## heading`` of a Markdown text, as dicts."""
    start = text.index(f"\n## {heading}\n")
    end = text.find("\n## ", start + 1)
    lines = [ln for ln in text[start:end if end > 0 else None].splitlines()
             if ln.startswith("|")]
    cells = [[c.strip() for c in ln.strip().strip("|").split("|")] for ln in lines]
    header, rows = cells[0], [r for r in cells[2:] if r != cells[0]]
    return [dict(zip(header, r, strict=True)) for r in rows]


def readme_metrics() -> dict[tuple[str, str], tuple[dict[str, Any], dict[str, Any]]]:
    """(stage, README label) → (measurement, metric) for every metric the README quotes."""
    return {(e["stage"], m["readme"]): (e, m) for e in load_baseline()
            for m in e["metrics"].values() if "readme" in m}


def check_figures(rows: list[dict[str, str]]) -> None:
    wanted = readme_metrics()
    assert {(r["stage"], r["figure"]) for r in rows} == set(wanted)
    for row in rows:
        entry, m = wanted[(row["stage"], row["figure"])]
        shown = row["value"].strip("*")
        places = len(shown.partition(".")[2])
        assert shown == f"{m['measured']:.{places}f}", (row, m)
        assert row["measured"] == entry["date"], (row, entry["date"])


CLI_COMMANDS = list(walk(cli))


def test_every_command_has_a_section_in_usage() -> None:
    sections = usage_sections(USAGE.read_text(encoding="utf-8"))
    missing = [name for name, _ in CLI_COMMANDS if name not in sections]
    assert not missing, f"docs/usage.md has no '### `NAME`' heading for {missing}"


@pytest.mark.parametrize("name,command", CLI_COMMANDS, ids=[n for n, _ in CLI_COMMANDS])
def test_every_option_is_documented_in_its_section(name: str, command: click.Command) -> None:
    section = usage_sections(USAGE.read_text(encoding="utf-8")).get(name, "")
    missing = [opt for opt in option_names(command) if not mentions(section, opt)]
    assert not missing, f"docs/usage.md, section `{name}`, does not mention {missing}"


def test_walk_reaches_every_evaluator() -> None:
    names = {name for name, _ in CLI_COMMANDS}
    assert {"tealeaves analyze", "tealeaves ingest", "tealeaves serve",
            "tealeaves evaluate sourcing", "tealeaves evaluate stance"} <= names


def test_option_mentions_are_whole_words() -> None:
    assert mentions("use `--limit 20`", "--limit")
    assert not mentions("use --limit-rows", "--limit")
    assert not mentions("see --no-clean", "--clean")


def test_readme_is_short() -> None:
    n = len(README.read_text(encoding="utf-8").splitlines())
    assert n <= MAX_README_LINES, f"README.md has {n} lines (at most {MAX_README_LINES})"


def test_readme_accuracy_table_is_the_baseline() -> None:
    check_figures(section_tables(README.read_text(encoding="utf-8"), "Accuracy"))


def test_evaluation_page_figures_and_floors_are_the_baseline() -> None:
    text = EVALUATION.read_text(encoding="utf-8")
    check_figures(section_tables(text, "Current figures"))
    rows = {(r["gate"], r["metric"]): r for r in section_tables(text, "Gates")}
    expected = {(e["id"], name): m for e in gates(load_baseline())
                for name, m in e["metrics"].items() if "floor" in m}
    assert set(rows) == set(expected)
    for key, m in expected.items():
        assert float(rows[key]["measured"]) == m["measured"], key
        assert float(rows[key]["floor"]) == m["floor"], key


def anchors(page: Path) -> set[str]:
    """GitHub's anchors for the headings of a Markdown page."""
    heads = re.findall(r"^#+ (.+)$", page.read_text(encoding="utf-8"), re.M)
    return {re.sub(r"[^\w\- ]", "", h.strip().lower()).replace(" ", "-") for h in heads}


def test_anchors_follow_github() -> None:
    assert anchors(USAGE) >= {"tealeaves-analyze", "what-the-output-contains", "install"}


def test_local_links_lead_to_files() -> None:
    pages = [README, ROOT / "CHANGELOG.md", *sorted((ROOT / "docs").rglob("*.md"))]
    broken, landed = [], []
    for page in pages:
        for target in _LINK.findall(page.read_text(encoding="utf-8")):
            if re.match(r"[a-z]+:", target):
                continue
            file, _, anchor = target.partition("#")
            path = (page.parent / file).resolve() if file else page
            name = path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)
            if name in PENDING:
                landed += [name] if path.exists() else []
            elif not path.exists():
                broken.append(f"{page.relative_to(ROOT)}: {target}")
            elif anchor and path.suffix == ".md" and anchor not in anchors(path):
                broken.append(f"{page.relative_to(ROOT)}: {target} (no such heading)")
    assert not broken, f"links to missing files or headings: {broken}"
    assert not landed, f"{landed} exist now: remove them from PENDING in tests/test_docs.py"
