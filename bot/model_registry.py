"""Imports every module that defines tables, so the metadata is whole for Alembic and tests.

A feature that adds tables adds its models module here; nothing else needs to know the list.
"""

from __future__ import annotations

import importlib

MODEL_MODULES: tuple[str, ...] = (
    "bot.models",
    "bot.audit",
    "scheduler.models",
    "bot.safeguarding.models",
    "surveys.models",
)


def import_all() -> None:
    for name in MODEL_MODULES:
        importlib.import_module(name)
