"""Workbook I/O edges (openpyxl, LibreOffice): templates, metadata, atomic files, reading."""
