"""What a user asked for when rendering: one object from the command line (or batch, or a later front end) to the
recipe and the formats, instead of a dozen keyword arguments."""

from __future__ import annotations

from typing import NamedTuple


class RenderOptions(NamedTuple):
    output_format: str = "docx"        # "docx" or "md"
    pdf: bool = False                  # also a PDF (made by LibreOffice), its 目录 page numbers in the .docx too
    images: str | None = None          # also a picture of each PDF page, in this directory (implies pdf)
    brief: bool = False                # the plan's 要点 instead of the plan
    strict: bool = False               # warnings stop the render as errors do
    force: bool = False                # replace an output edited since ecplan wrote it (kept as a backup)
    template_dir: str | None = None    # a client's templates, looked up before the built-in ones
    charts: bool = True                # figures (each may still be turned off under ``charts:`` in the plan)
    output: str | None = None          # the output file (default: beside the input, named after it)
    output_dir: str | None = None      # put the output, under its default name, in this directory
    shared: tuple[str, ...] = ()       # directories besides the plan's own from which ``extends:`` may read
    draft: bool = False                # placeholders are warnings, and shown where they stand in the document
    source: bool = True                # the .docx carries the plan's data (formats.docx_source), for import
    server: bool = True                # PDFs through the long-lived office (office_server), else a one-off one

    @property
    def format(self) -> str:
        """The format that writes the output: a PDF is made from the .docx, by the ``pdf`` format."""
        return "pdf" if self.pdf or self.images else self.output_format

    def but(self, **changes: object) -> RenderOptions:
        return self._replace(**changes)  # type: ignore[arg-type]
