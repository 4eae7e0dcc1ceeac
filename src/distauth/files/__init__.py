"""Org files: load and dump YAML, JSON and TOML, and the JSON Schema of the format.

This package owns the org-file format (see :doc:`/file-format`): :func:`load` and
:func:`loads` read a file strictly and report every problem in one
:class:`~distauth.OrgFileError` whose ``errors`` are :class:`FileProblem` values;
:func:`dump` and :func:`dumps` write an org canonically; :func:`json_schema` describes the
format for editors. The code lives in private modules.
"""

from distauth.files._dump import dump, dumps
from distauth.files._load import load, loads
from distauth.files._problems import FileProblem
from distauth.files._schema import json_schema

__all__ = ["FileProblem", "dump", "dumps", "json_schema", "load", "loads"]
