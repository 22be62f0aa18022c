"""Output formats: one module per format, each with the same face.

A format module has ``SUFFIX`` (of the file ``-o`` names), ``DRAWS_FIGURES`` (whether it embeds drawn figures;
Markdown only names them) and ``write(request) -> Written``, which writes the output for a rendered plan; and it knows
its own files: ``written_by_ecplan(data)`` says whether bytes are exactly what ecplan wrote, which is what the guard
against overwriting a user's edits (``output.write_output``) is given. A new format is one module and one line in
``FORMATS``.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from generator.doctypes import DocType
    from generator.doctypes.blocks import RenderContext
    from generator.options import RenderOptions

#: format name → module
FORMATS = {"docx": "generator.formats.docx", "md": "generator.formats.markdown", "pdf": "generator.formats.pdf"}


@dataclass
class Request:
    """What a format is asked to write: the rendered plan, where, and how."""

    context: RenderContext
    doctype: DocType
    options: RenderOptions
    source: Path
    target: Path
    pictures: dict[str, Any] = field(default_factory=dict)   # drawn figures by name (formats that embed them)
    office: Any = None                                        # a running LibreOffice to use (batch keeps one)
    plan_text: str | None = None                              # the plan as YAML, carried in a .docx (docx_source)


@dataclass
class Written:
    """What a format wrote: the output (and the old file's backup), a PDF and page pictures, notes for the user."""

    output: Path
    backups: list[Path] = field(default_factory=list)   # old files replaced with --force, kept here
    pdf: Path | None = None
    images: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def escape(text: str) -> str:
    """``text`` as XML character data: ``&``, ``<`` and ``>`` escaped, as ``xml.sax.saxutils.escape`` does (which is
    not imported for it: ``xml.sax`` brings in ``urllib.request``, ``http.client`` and ``ssl``)."""
    return text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


def get(name: str) -> ModuleType:
    return importlib.import_module(FORMATS[name])


def output_path(source: Path, doctype: DocType, options: RenderOptions, suffix: str) -> Path:
    """``-o`` if given; else the input's name with the type's suffix (``-brief``, unless the name ends with it
    already) and the format's, beside the input or in ``output_dir``."""
    stem = source.stem if source.stem.endswith(doctype.output_suffix) else source.stem + doctype.output_suffix
    target = Path(options.output) if options.output else source.with_name(stem + suffix)  # x-brief.yaml: x-brief.docx
    return Path(options.output_dir) / target.name if options.output_dir is not None else target
