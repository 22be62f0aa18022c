"""The Markdown format: the same blocks as the .docx, for review, diffs and comparison with other tools. A comment on
the first line records a hash of the rest, by which ecplan recognises a file it wrote and nobody changed."""

from __future__ import annotations

import hashlib
import re

from generator.formats import Request, Written
from generator.lazy import Pattern
from generator.output import write_output
from generator.tables import TABLE_COLUMNS

SUFFIX = ".md"
DRAWS_FIGURES = False
TEMPLATE = "city-plan.md.j2"
MD_MARK = Pattern(r"^<!-- ecplan-sha256: ([0-9a-f]{64}) -->\n")


def finalize(text: str) -> bytes:
    body = text if text.endswith("\n") else text + "\n"
    return f"<!-- ecplan-sha256: {hashlib.sha256(body.encode()).hexdigest()} -->\n{body}".encode()


def written_by_ecplan(data: bytes) -> bool:
    text = data.decode("utf-8", errors="replace")
    match = MD_MARK.match(text)
    return bool(match) and match.group(1) == hashlib.sha256(text[match.end():].encode()).hexdigest()


def write(request: Request) -> Written:
    from generator.templating import render_text

    columns = {table: [(header.replace("\n", ""), expression.split(".")[1]) for header, expression, _ in spec]
               for table, spec in TABLE_COLUMNS.items()}
    text = render_text(TEMPLATE, {**request.context, "columns": columns}, request.options.template_dir)
    data = finalize(re.sub(r"\n{3,}", "\n\n", text))
    backup = write_output(request.target, data, source=request.source, force=request.options.force,
                          ours=written_by_ecplan)
    return Written(request.target, [backup] if backup else [])
