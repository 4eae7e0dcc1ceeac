"""Read the records of authority teams already keep: architecture decision records (ADRs).

Every reader returns :class:`Imported`: the org and the :class:`ImportProblem` list (a code,
a message and the file and line). Nothing here is imported by ``import distauth``.
"""

from distauth.interop._adr import read_adrs
from distauth.interop._common import Imported, ImportProblem

__all__ = ["ImportProblem", "Imported", "read_adrs"]
