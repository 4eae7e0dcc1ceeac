"""Reading other systems' records of authority into an org.

``read_adrs`` reads architecture decision records (MADR and Nygard styles) into decision
records; every reader returns :class:`Imported`: the org and the problems met on the way.
"""

from distauth.interop._adr import read_adrs
from distauth.interop._common import Imported, ImportProblem

__all__ = ["ImportProblem", "Imported", "read_adrs"]
