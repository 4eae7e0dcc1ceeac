"""The command line's questions: ``distauth who``, ``escalate`` and ``arbiter``.

Each loads one org file and answers one question about it, as text (the answer's
``explain()``) or as JSON (its ``to_dict()``), and exits 1 when there is no single answer:
``who`` when a resource's answer is ambiguous or nobody decides, ``escalate`` when the path
breaks, ``arbiter`` when two areas share no area or it has no DRI.
"""

from __future__ import annotations

import argparse
import functools
import json
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from distauth._terminal import write as _write

if TYPE_CHECKING:
    from distauth._org import Org

__all__ = ["LoadOrg", "add_question_parsers"]

#: How a question reads its org: ``load_org(path, stdin_format)`` (``cli._load_org``).
LoadOrg = Callable[[str, str], "Org"]

#: ``--format`` of the questions: their answers as text or as JSON.
_ANSWER_FORMAT: dict[str, Any] = {
    "choices": ("text", "json"),
    "default": "text",
    "help": "output format (default: text; json: the answer's to_dict())",
}


def _as_json(data: object) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False)


def add_question_parsers(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
    parents: Sequence[argparse.ArgumentParser],
    load_org: LoadOrg,
) -> None:
    """Register ``who``, ``escalate`` and ``arbiter``; *parents* give their shared options."""
    p = sub.add_parser(
        "who",
        parents=parents,
        help="who decides about resources",
        description="Say which area, and whose DRI, decides about each RESOURCE, and why. "
        "Exit 1 when an answer is ambiguous or nobody decides.",
    )
    p.add_argument("file", metavar="FILE")
    p.add_argument("resources", nargs="+", metavar="RESOURCE")
    p.add_argument("--format", **_ANSWER_FORMAT)
    p.set_defaults(handler=functools.partial(_who, load_org=load_org))

    p = sub.add_parser(
        "escalate",
        parents=parents,
        help="where a disagreement in an area goes",
        description="Show the escalation path from AREA to the top. Exit 1 when it breaks.",
    )
    p.add_argument("file", metavar="FILE")
    p.add_argument("area", metavar="AREA")
    p.add_argument("--format", **_ANSWER_FORMAT)
    p.set_defaults(handler=functools.partial(_escalate, load_org=load_org))

    p = sub.add_parser(
        "arbiter",
        parents=parents,
        help="who settles a conflict between two areas",
        description="Name the smallest area containing both areas, and its DRI. Exit 1 when "
        "there is none, or it has no DRI.",
    )
    p.add_argument("file", metavar="FILE")
    p.add_argument("areas", nargs=2, metavar="AREA")
    p.add_argument("--format", **_ANSWER_FORMAT)
    p.set_defaults(handler=functools.partial(_arbiter, load_org=load_org))


def _who(args: argparse.Namespace, *, load_org: LoadOrg) -> int:
    org = load_org(args.file, args.stdin_format)
    decisions = org.who_decides_many(args.resources, on=args.on)
    ok = all(d.ok for d in decisions)
    if args.format == "json":
        _write(_as_json({"ok": ok, "decisions": [d.to_dict() for d in decisions]}), data=True)
    else:
        _write("\n\n".join(d.explain() for d in decisions))
    return 0 if ok else 1


def _escalate(args: argparse.Namespace, *, load_org: LoadOrg) -> int:
    org = load_org(args.file, args.stdin_format)
    path = org.escalation_path(args.area, on=args.on)
    if args.format == "json":
        _write(_as_json(path.to_dict()), data=True)
    else:
        _write(path.explain())
    return 0 if path.ok else 1


def _arbiter(args: argparse.Namespace, *, load_org: LoadOrg) -> int:
    org = load_org(args.file, args.stdin_format)
    a, b = args.areas
    answer = org.arbitration(a, b, on=args.on)
    if args.format == "json":
        _write(_as_json(answer.to_dict()), data=True)
    else:
        if answer.area is not None:
            who = answer.dri.id if answer.dri is not None else "none"
            _write(f"{answer.area.id} (DRI: {who})")
        _write(answer.explain())
    return 0 if answer.ok else 1
