"""Task-pane scripts of the xlwings Server project: perfscore offers none, only functions.

xlwings Server requires this package to exist next to ``custom_functions``.
"""
