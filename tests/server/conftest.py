"""Fixtures shared by the server tests (see ``newsroom_fixtures``)."""

from newsroom_fixtures import built_newsroom_store, newsroom_store

__all__ = ["built_newsroom_store", "newsroom_store"]
