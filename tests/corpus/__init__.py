"""The development corpus of real rule texts (评价要点) and its runner (issue #9)."""
