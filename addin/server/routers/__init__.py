"""Routes of the perfscore xlwings Server project: xlwings Server includes ``routers.custom``."""
