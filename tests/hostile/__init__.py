"""Hostile and broken input: the generated corpus shared by the ``test_hostile_*`` tests."""
