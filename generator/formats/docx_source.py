"""The plan a .docx was written from, carried inside it: a custom XML part (as Word keeps a document's data) holding
the plan's data as YAML, so that ``ecplan import`` of a document ecplan wrote restores the plan exactly, and finds
the edits made since by comparing the document with the one that plan gives. ``render --no-source`` leaves it out
(a copy sent outside, say)."""

from __future__ import annotations

import hashlib
import re
import zipfile
from pathlib import Path
from typing import Any

from generator.formats import escape

NAMESPACE = "urn:ecplan:plan"
ITEM = "customXml/ecplan-plan.xml"
PROPS = "customXml/ecplan-planProps.xml"
ITEM_RELS = "customXml/_rels/ecplan-plan.xml.rels"
_CUSTOM_XML = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml"
_PROPS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXmlProps"
_PROPS_TYPE = "application/vnd.openxmlformats-officedocument.customXmlProperties+xml"
#: keys that name other files: the data carried is the plan as read, with what it extends and its tables merged in
REFERENCES = ("extends", "tables")


def plan_text(data: dict[str, Any]) -> str:
    """The plan's data as the YAML a planner would write it (comments aside), for carrying in its document."""
    import yaml

    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)      # a 5000-task plan is carried too: the fast one
    own = {key: value for key, value in data.items() if key not in REFERENCES}
    return yaml.dump(own, Dumper=dumper, allow_unicode=True, sort_keys=False, width=100_000)


def embed(parts: dict[str, Any], text: str) -> dict[str, Any]:
    """``parts`` of a .docx with ``text`` (a plan as YAML) carried in them."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest().upper()
    guid = f"{{{digest[:8]}-{digest[8:12]}-{digest[12:16]}-{digest[16:20]}-{digest[20:32]}}}"
    parts = dict(parts)
    parts[ITEM] = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                   f'<plan xmlns="{NAMESPACE}" version="1">{escape(text)}</plan>').encode("utf-8")
    parts[PROPS] = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<ds:datastoreItem ds:itemID="'
                    f'{guid}" xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml"><ds:schemaRefs>'
                    f'<ds:schemaRef ds:uri="{NAMESPACE}"/></ds:schemaRefs></ds:datastoreItem>').encode("utf-8")
    parts[ITEM_RELS] = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.'
                        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="'
                        f'{_PROPS_REL}" Target="ecplan-planProps.xml"/></Relationships>').encode("utf-8")
    rels = _text(parts["word/_rels/document.xml.rels"])
    if ITEM not in rels:
        used = {int(n) for n in re.findall(r'Id="rId(\d+)"', rels)}
        rid = next(n for n in range(1, len(used) + 2) if n not in used)
        rels = rels.replace("</Relationships>", f'<Relationship Id="rId{rid}" Type="{_CUSTOM_XML}" '
                            f'Target="../{ITEM}"/></Relationships>')
    parts["word/_rels/document.xml.rels"] = rels.encode("utf-8")
    types = _text(parts["[Content_Types].xml"])
    for name, kind in ((ITEM, "application/xml"), (PROPS, _PROPS_TYPE)):
        if f'PartName="/{name}"' not in types:
            types = types.replace("</Types>", f'<Override PartName="/{name}" ContentType="{kind}"/></Types>')
    parts["[Content_Types].xml"] = types.encode("utf-8")
    return parts


def _text(value: Any) -> str:
    return bytes(value).decode("utf-8")


def carried(path: str | Path) -> str | None:
    """The plan (as YAML) a .docx carries, or None: not written by ecplan, written with --no-source, or saved by a
    program that dropped it."""
    from xml.etree import ElementTree

    try:
        with zipfile.ZipFile(path) as archive:
            names = [name for name in archive.namelist() if name.startswith("customXml/") and name.endswith(".xml")
                     and "/_rels/" not in name]
            for name in names:
                data = archive.read(name)
                if NAMESPACE.encode() not in data:
                    continue
                root = ElementTree.fromstring(data)
                if root.tag == f"{{{NAMESPACE}}}plan":
                    return root.text or ""
    except (zipfile.BadZipFile, OSError, KeyError, ElementTree.ParseError):
        return None
    return None
