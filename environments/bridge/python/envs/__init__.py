"""The project's Python environments for the bridge: every ``*.py`` here (except ``_*.py``)
that exposes ``ENVIRONMENTS = {name: factory}`` is registered (see ../bridge_env.py)."""
