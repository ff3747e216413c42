"""Authentication providers of the perfscore xlwings Server project.

xlwings Server imports ``auth.<provider>`` from the project folder for each name in its
``auth_providers`` setting; perfscore has one, :mod:`auth.custom` (the shared token).
"""
