"""Document types: one record per type, in one registry.

A record says everything ecplan needs to know about a type of document: its schema, its outline rules, how its
render context is built, its master template, the suffix of its output's name, the figures it carries, its labels
and the header of its scaffold. Each type's code lives in its own subpackage (``doctypes/city``, ``doctypes/base``,
``doctypes/brief``), next to the pieces all types share (``outline``, ``fields``, ``schema``, ``blocks``,
``sections``, ``checks``). The registry names the subpackages' objects as ``"module:attribute"`` and imports them
only when they are used, so ``ecplan --help`` imports none of them.

A new type is one subpackage and one ``register(DocType(...))`` line (the objects may also be passed directly).
"""

from __future__ import annotations

import importlib
from typing import Any, Callable, NamedTuple

from generator.errors import InputFileError

#: the type of a plan file that does not say ``type:``
DEFAULT = "city"


def _resolve(ref: Any) -> Any:
    """An object, or the one ``"module:attribute"`` names."""
    if not (isinstance(ref, str) and ":" in ref):
        return ref
    module, _, name = ref.partition(":")
    return getattr(importlib.import_module(module), name)


class DocType(NamedTuple):
    """One type of document ecplan writes."""

    name: str                    # the value of ``type:`` in a plan file, and of ``--type``
    label: str                   # what the type is called in messages and lists
    title: str                   # the full name of the document (the scaffold's header)
    template: str                # the master .docx template
    schema_ref: Any              # cerberus rules of the whole file, or "module:attribute" naming them
    rules_ref: Any               # the list of rule functions (each takes a RuleContext), or where it is
    context_ref: Any             # build(data, template_dir, figures) -> RenderContext, or where it is
    outline_ref: Any = ()        # the chapters of its official outline (outline.Chapter), or where they are
    output_suffix: str = ""      # added to the input's stem: harbin.yaml → harbin-brief.docx
    figures: tuple[str, ...] = ()
    front_matter: bool = True    # a cover and a 目录 page before the body (a brief has its title on page one)
    brief: str | None = None     # the type rendered by ``--brief`` from a plan of this type
    scaffold: bool = True        # offered by ``ecplan init --type``
    reads: tuple[str, ...] = ()  # the top-level sections the document is written from (all when empty): a
                                 # placeholder elsewhere is not a gap of this document

    def in_scope(self, path: tuple[Any, ...]) -> bool:
        return not self.reads or not path or path[0] in self.reads

    @property
    def schema(self) -> dict[str, Any]:
        return _resolve(self.schema_ref)

    @property
    def outline(self) -> tuple[Any, ...]:
        """The chapters of the type's official outline, in order: each names the section of the plan it is
        written from (``Chapter.key``)."""
        return _resolve(self.outline_ref)

    @property
    def rules(self) -> list[Callable[..., None]]:
        return _resolve(self.rules_ref)

    def build(self, data: dict[str, Any], template_dir: Any = None, figures: frozenset[str] = frozenset()) -> Any:
        """The render context of validated ``data`` with the figures named in ``figures``."""
        return _resolve(self.context_ref)(data, template_dir, figures)


REGISTRY: dict[str, DocType] = {}


def register(doctype: DocType) -> DocType:
    REGISTRY[doctype.name] = doctype
    return doctype


def get(name: str) -> DocType:
    return REGISTRY[name]


def names(*, scaffold: bool = False) -> list[str]:
    return [name for name, doctype in REGISTRY.items() if doctype.scaffold or not scaffold]


def of_plan(data: Any, brief: bool = False, source: str = "") -> DocType:
    """The type of document a plan file describes: the registered type its ``type:`` names, else a city plan (a
    wrong ``type`` value is then reported by the schema). ``brief`` asks for the type's 要点 instead."""
    declared = data.get("type") if isinstance(data, dict) else None
    doctype = REGISTRY.get(declared, REGISTRY[DEFAULT]) if isinstance(declared, str) else REGISTRY[DEFAULT]
    if not brief or doctype.brief == doctype.name:
        return doctype
    if doctype.brief is None:
        raise InputFileError(source, f"这是{doctype.label}（type: {doctype.name}），没有“要点”文档；"
                             "--brief 只用于示范城市方案。", code="Y110")
    return REGISTRY[doctype.brief]


_CITY, _BASE, _BRIEF = "generator.doctypes.city", "generator.doctypes.base", "generator.doctypes.brief"

register(DocType("city", "示范城市创建工作方案", "国家电子商务示范城市创建工作方案", "city-plan.docx",
                 f"{_CITY}.schema:SCHEMA", f"{_CITY}.rules:RULES", f"{_CITY}.context:build",
                 f"{_CITY}.outline:CITY_CHAPTERS",
                 figures=("indicators", "trajectory", "investment"), brief="brief"))
register(DocType("base", "示范基地创建工作方案", "国家电子商务示范基地创建工作方案", "base-plan.docx",
                 f"{_BASE}.schema:SCHEMA", f"{_BASE}.rules:RULES", f"{_BASE}.context:build",
                 f"{_BASE}.outline:BASE_CHAPTERS",
                 figures=("indicators", "trajectory")))
register(DocType("brief", "示范城市创建工作方案要点", "国家电子商务示范城市创建工作方案要点", "city-brief.docx",
                 f"{_BRIEF}.schema:SCHEMA", f"{_BRIEF}.rules:RULES", f"{_BRIEF}.context:build",
                 f"{_BRIEF}.outline:BRIEF_OUTLINE",
                 output_suffix="-brief", front_matter=False, brief="brief", scaffold=False,
                 reads=("type", "cover", "preamble", "brief", "accept", "notice")))
