"""The user manual (docs/): its generated pages are up to date with the code, every message code is listed, and
every command it shows exists as written."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import click

from generator.cli import main
from generator.codes import CODES, FAMILIES, FIXES

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
PAGES = sorted(DOCS.glob("*.md"))


def test_the_generated_pages_match_the_code():
    """fields.md from the schemas, messages.md from the codes and the bad-input corpus: stale pages fail here."""
    done = subprocess.run([sys.executable, str(DOCS / "build.py"), "--check"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_every_code_the_program_reports_is_in_the_table_and_no_other():
    used = set()
    for path in (ROOT / "generator").rglob("*.py"):
        used |= set(re.findall(r'"([ASTYPNVX]\d{3}|R\d+\.\d+)"', path.read_text(encoding="utf-8")))
    assert used == set(CODES), (sorted(used - set(CODES)), sorted(set(CODES) - used))
    assert {code[0] for code in CODES} == set(FAMILIES)
    corpus = {re.search(r"^\ufeff?# expect: (\S+)", path.read_text(encoding="utf-8"), re.M).group(1)
              for path in (ROOT / "tests" / "bad").glob("*.yaml")}
    assert not [code for code in CODES if code not in corpus and code not in FIXES]   # an example, or how to fix it
    assert not set(FIXES) & corpus
    messages = (DOCS / "messages.md").read_text(encoding="utf-8")
    for code, meaning in CODES.items():
        assert f"### {code} {meaning}" in messages


def test_the_field_reference_lists_every_field():
    from generator import doctypes

    fields = (DOCS / "fields.md").read_text(encoding="utf-8")
    for name in doctypes.names():
        schema = doctypes.get(name).schema
        for key in schema:
            assert f"| `{key}` |" in fields, (name, key)
    assert "| `targets.indicators[].baseline.year` | 基期年份 | 年份 |" in fields


def test_the_index_links_every_page_and_every_link_resolves():
    index = (DOCS / "index.md").read_text(encoding="utf-8")
    for page in PAGES:
        if page.name != "index.md":
            assert f"]({page.name})" in index, page.name
    for page in PAGES:
        for target in re.findall(r"\]\(([^)#]+\.md)\)", page.read_text(encoding="utf-8")):
            assert (DOCS / target).exists(), (page.name, target)
    assert "](docs/index.md)" in (ROOT / "README.md").read_text(encoding="utf-8")[:600]


def _options(command: click.Command) -> set[str]:
    return {name for param in command.params for name in getattr(param, "opts", []) + getattr(param, "secondary_opts", [])}


def test_every_command_the_manual_shows_exists_as_written():
    shown = 0
    for page in PAGES:
        if page.name in ("fields.md", "messages.md"):
            continue
        for line in re.findall(r"ecplan (?:[a-z]+)(?: [^`\n|]*)?", page.read_text(encoding="utf-8")):
            words = line.split()
            command: click.Command = main
            for word in words[1:]:
                if isinstance(command, click.Group) and word in command.commands:
                    command = command.commands[word]
                else:
                    break
            if command is main and words[1] not in ("--help", "--version"):
                continue            # prose such as “ecplan 会指出每一处”
            for option in re.findall(r"(?<![\w-])(--?[a-z][a-z-]*)", line):
                assert option in _options(command) | {"--help", "-h"}, (page.name, line, option)
            shown += 1
    assert shown >= 25
