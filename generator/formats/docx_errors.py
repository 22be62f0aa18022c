"""A .docx template's mistakes placed in the document: a syntax error, a missing variable or a mistake made while
rendering named with its paragraph (the prepared template, as docxtpl's, holds each paragraph on a line of its
own), through templating.template_errors."""

from __future__ import annotations

import contextlib
import re
from typing import Any, Callable, Iterator

from generator.errors import TemplateError
from generator.templating import template_errors


def paragraph_texts(xml: str) -> list[str]:
    return ["".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", p)) for p in re.findall(r"<w:p[ >].*?</w:p>", xml, re.S)]


def where(xml: str, needle: str) -> str:
    for number, text in enumerate(paragraph_texts(xml), start=1):
        if needle in text:
            return f"第{number}段“{text[:40]}”"
    return ""


def paragraph_at(xml: str, line: int) -> str:
    """The paragraph on line ``line`` of a template's XML, named as where() names one ("" unless the line holds
    just one paragraph)."""
    lines = xml.split("\n")
    if not 0 < line <= len(lines) or len(paragraph_texts(lines[line - 1])) != 1:
        return ""
    texts = paragraph_texts("\n".join(lines[:line]))
    return f"第{len(texts)}段“{texts[-1][:40]}”"


def check_variables(names: set[str], source: str, name: str, context: dict[str, Any]) -> None:
    """A variable the template uses but the context lacks is named with its paragraph (after a failed render:
    parsing the template again costs as much as rendering it)."""
    missing = sorted(names - set(context))
    if missing:
        raise TemplateError(name, f"使用了 ecplan 不提供的变量 {'、'.join(missing)}；可用变量：{'、'.join(sorted(context))}。",
                            where(source, missing[0]))


@contextlib.contextmanager
def docx_template_errors(name: str, context: dict[str, Any], variables: Callable[[], tuple[set[str], str]],
                         sources: Callable[[], dict[str, str]]) -> Iterator[None]:
    """templating.template_errors for a .docx template: a syntax error, a missing variable or a mistake made while
    rendering named with its paragraph; ``sources`` gives the XML of each part by the name its template carries
    (the document's own under "<template>")."""
    def undefined() -> None:
        check_variables(*variables(), name, context)  # names the variable and its paragraph, if it is one

    def at(file: str, line: int) -> str:
        place = paragraph_at(sources().get(file, ""), line)
        return f"{file} {place}" if place and file != "<template>" else place

    with template_errors(name, where=lambda exc: where(exc.source or "", exc.message or ""), undefined=undefined,
                         at=at):
        yield
