"""Reading one architecture decision record (ADR) into its fields, each with its line.

Three ways of writing the same facts are understood, and one file may mix the first two:

- YAML front matter (MADR 3 and 4): a ``---`` block at the top of the file with ``status``,
  ``date``, ``decision-makers`` (MADR 3 says ``deciders``), ``consulted``, ``informed`` and,
  for distauth, ``area``, ``resources``, ``dissent`` and ``rationale``;
- MADR 2's list: ``- Status: accepted``, ``- Date: 2023-08-16``, ``- Decision-makers: Ana``
  (``*`` bullets, ``Deciders:`` and unbulleted ``Date:`` lines as adr-tools writes them too),
  read from the lines between the title and the first section heading;
- Nygard's sections: the status is the first line of a ``## Status`` section.

A field's value is a YAML list, or a string of comma-separated names. Nothing here resolves a
name or judges a value beyond its syntax: that is :mod:`distauth.interop._adr`'s business. The
parser is one pass over the lines (O(lines)); front matter is composed by PyYAML's C parser and
only its top level is read, so no nesting in it costs anything.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import attrs
import yaml

__all__ = ["FIELDS", "Located", "ParsedAdr", "parse_adr", "parse_date"]

#: The name each spelling of a field is known by (keys compared in lower case).
FIELDS: dict[str, str] = {
    "status": "status",
    "date": "date",
    "decision-makers": "decided_by",
    "decision makers": "decided_by",
    "deciders": "decided_by",
    "decided-by": "decided_by",
    "decided by": "decided_by",
    "consulted": "consulted",
    "informed": "informed",
    "dissent": "dissent",
    "area": "area",
    "resources": "resources",
    "rationale": "rationale",
    "title": "title",
}
#: Fields whose value is a list of names (or resources).
_LISTS = frozenset({"decided_by", "consulted", "informed", "dissent", "resources"})

_LIST_LINE = re.compile(r"(?:[-*+]\s+)?([A-Za-z][A-Za-z -]*?)\s*:\s*(.*?)\s*")
_HEADING = re.compile(r"(#{1,6})\s+(.*?)\s*#*\s*")
_FENCES = ("```", "~~~")
_FENCE_STARTS = "`~"
_LINK = re.compile(r"\[([^\]]*)\]\(([^)\s]*)[^)]*\)")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@attrs.frozen
class Located:
    """A value as written, with its 1-based line and column in the file."""

    value: str
    line: int
    column: int


@attrs.frozen
class ParsedAdr:
    """What one ADR file says, field by field, before any name is resolved.

    Attributes:
        title: the first level-1 heading (or the front matter's ``title``), or ``None``.
        fields: each field found (``status``, ``date``, ``decided_by``, ...) with its values,
            in file order; a list field has one value per name.
        rationale: the explicit ``rationale`` field, else the first paragraph of a
            ``Decision Outcome`` section.
        problems: ``(line, column, message)`` for what could not be read.
    """

    title: Located | None
    fields: dict[str, list[Located]]
    rationale: str
    problems: list[tuple[int, int, str]]

    def first(self, field: str) -> Located | None:
        """The field's first value, or ``None``."""
        values = self.fields.get(field)
        return values[0] if values else None


def _plain(text: str) -> str:
    """A Markdown value as text: a link reads as its label; emphasis and quotes around it go.

    >>> _plain(' **[Ana](https://x.example/ana)** '), _plain('"@bo"'), _plain("O'Brien")
    ('Ana', '@bo', "O'Brien")
    """
    text = _LINK.sub(lambda m: m.group(1), text).strip().strip("*_`").strip()
    if len(text) > 1 and text[0] == text[-1] and text[0] in "\"'":
        text = text[1:-1].strip()
    return text


def _split(raw: str, line: int, column: int) -> Iterator[Located]:
    """The comma-separated names of a list-style value, each with its own column."""
    start = 0
    for part in raw.split(","):
        name = _plain(part)
        if name:
            offset = len(part) - len(part.lstrip())
            yield Located(name, line, column + start + offset)
        start += len(part) + 1


def _front_matter(
    lines: list[str], fields: dict[str, list[Located]], problems: list[tuple[int, int, str]]
) -> int:
    """Read a leading ``---`` block into *fields*; return the index of the line after it."""
    if not lines or lines[0].rstrip() != "---":
        return 0
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if end is None:
        problems.append((1, 1, "front matter starts with '---' but never ends"))
        return 0
    block = "\n".join(lines[1:end])
    try:
        node = yaml.compose(block, Loader=yaml.CSafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = (mark.line + 2, mark.column + 1) if mark is not None else (2, 1)
        problems.append((*where, f"front matter is not YAML: {getattr(exc, 'problem', exc)}"))
        return end + 1
    if node is None:
        return end + 1
    if not isinstance(node, yaml.MappingNode):
        problems.append((2, 1, "front matter is not a mapping"))
        return end + 1
    for key_node, value_node in node.value:
        key = str(key_node.value).strip().lower()
        field = FIELDS.get(key)
        if field is None:
            continue  # other tools' keys are theirs
        line, column = value_node.start_mark.line + 2, value_node.start_mark.column + 1
        values = fields.setdefault(field, [])
        if isinstance(value_node, yaml.SequenceNode):
            for item in value_node.value:
                item_line = item.start_mark.line + 2
                item_column = item.start_mark.column + 1
                if isinstance(item, yaml.ScalarNode) and str(item.value).strip():
                    values.append(Located(_plain(str(item.value)), item_line, item_column))
                else:
                    problems.append((item_line, item_column, f"{key}: expected a name"))
        elif isinstance(value_node, yaml.ScalarNode):
            text = str(value_node.value)
            if field in _LISTS:
                values.extend(_split(text, line, column))
            elif text.strip():
                values.append(Located(text.strip(), line, column))
        else:
            problems.append((line, column, f"{key}: expected a string or a list"))
    return end + 1


def _section_text(lines: list[str], start: int) -> tuple[str, int, int] | None:
    """The first paragraph after line index *start*, up to the next heading: text, line, column."""
    out: list[str] = []
    first = 0
    column = 1
    for i in range(start, len(lines)):
        text = lines[i].strip()
        if _HEADING.fullmatch(text) and text.startswith("#"):
            break
        if not text or text.startswith("<!--"):
            if out:
                break
            continue
        if not out:
            first = i + 1
            column = len(lines[i]) - len(lines[i].lstrip()) + 1
        out.append(text)
    return (" ".join(out), first, column) if out else None


def parse_adr(text: str) -> ParsedAdr:
    r"""Read the fields of one ADR written in Markdown.

    >>> adr = parse_adr("# Use X\n\n- Status: accepted\n- Date: 2023-08-16\n"
    ...                 "- Decision-makers: Ana, Bo\n")
    >>> adr.title.value, [(v.value, v.line, v.column) for v in adr.fields["decided_by"]]
    ('Use X', [('Ana', 5, 20), ('Bo', 5, 25)])
    """
    text = text.removeprefix("\ufeff")
    lines = text.splitlines()
    fields: dict[str, list[Located]] = {}
    problems: list[tuple[int, int, str]] = []
    i = _front_matter(lines, fields, problems)
    title: Located | None = None
    if "title" in fields:
        title = fields.pop("title")[0]
    in_fence = False
    seen_title = False
    preamble = True  # the list-style block: before the first heading below the title
    outcome = ""
    for index in range(i, len(lines)):
        raw = lines[index]
        stripped = raw.lstrip()
        if not stripped:
            continue
        first = stripped[0]
        if first in _FENCE_STARTS and stripped.startswith(_FENCES):
            in_fence = not in_fence
            continue
        # Past the list under the title only headings matter: most lines stop here.
        if in_fence or (not preamble and first != "#"):
            continue
        stripped = stripped.rstrip()
        heading = _HEADING.fullmatch(stripped) if first == "#" else None
        if heading is not None:
            level, name = len(heading.group(1)), heading.group(2)
            if level == 1 and not seen_title:
                # The title heading (front matter may have named the title already).
                seen_title = True
                title = title or Located(name, index + 1, raw.find(name) + 1)
                continue
            preamble = False
            key = name.strip().lower()
            if key == "status" and "status" not in fields:
                found = _section_text(lines, index + 1)
                if found is not None:
                    fields["status"] = [Located(found[0], found[1], found[2])]
            elif key in ("decision outcome", "rationale") and not outcome:
                found = _section_text(lines, index + 1)
                outcome = found[0] if found is not None else ""
            continue
        if not preamble:
            continue
        match = _LIST_LINE.fullmatch(stripped)
        if match is None:
            continue
        field = FIELDS.get(match.group(1).strip().lower())
        if field is None or field in fields or field == "title":
            continue  # an unknown key, or front matter said it already
        value = match.group(2)
        column = len(raw) - len(raw.lstrip()) + match.start(2) + 1
        if field in _LISTS:
            fields[field] = list(_split(value, index + 1, column))
        elif value.strip():
            fields[field] = [Located(value.strip(), index + 1, column)]
    rationale_values = fields.pop("rationale", [])
    rationale = " ".join(v.value for v in rationale_values) or outcome
    return ParsedAdr(title, fields, rationale, problems)


def parse_date(value: Located) -> dt.date | None:
    """The day a ``date`` field names (``YYYY-MM-DD``), or ``None`` when it names none.

    >>> parse_date(Located("2023-08-16", 4, 9)), parse_date(Located("YYYY-MM-DD", 4, 9))
    (datetime.date(2023, 8, 16), None)
    """
    text = value.value.strip().strip("'\"")
    if not _DATE.fullmatch(text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None
