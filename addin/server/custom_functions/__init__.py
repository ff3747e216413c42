"""The custom functions xlwings Server exposes: the add-in's worksheet functions, unchanged.

xlwings Server imports this package as ``custom_functions`` from the project folder. The server
sets ``XLWINGS_ON_SERVER=true`` before xlwings is imported, so the ``@xw.func`` decorators of
:mod:`addin.udfs` register the functions for Office.js here and for COM on Windows.
"""

from addin.udfs import *  # noqa: F401,F403 - the functions are exactly addin.udfs.__all__
from addin.udfs import __all__  # noqa: F401
