"""Read and write the ownership files and records teams already keep.

CODEOWNERS, Prow OWNERS trees, Backstage catalogs and architecture decision records (ADRs).
Every reader returns :class:`Imported`: the org and the :class:`ImportProblem` list (a code,
a message and the file and line). Each imported entity's ``org.location(id)`` names the line
it came from. Nothing here is imported by ``import distauth``.
"""

from distauth.interop._adr import read_adrs
from distauth.interop._backstage import read_backstage
from distauth.interop._codeowners import CodeownersError, read_codeowners
from distauth.interop._codeowners_write import write_codeowners
from distauth.interop._common import Imported, ImportProblem
from distauth.interop._owners import read_owners
from distauth.interop._owners_write import write_owners

__all__ = [
    "CodeownersError",
    "ImportProblem",
    "Imported",
    "read_adrs",
    "read_backstage",
    "read_codeowners",
    "read_owners",
    "write_codeowners",
    "write_owners",
]
