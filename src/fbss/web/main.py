"""The ASGI entry point for servers: `uvicorn --factory fbss.web.main:app_from_environment`.

Settings are read from the environment (FBSS_*) once, here, and passed down.
"""

from __future__ import annotations

from fastapi import FastAPI

from fbss.settings import Settings
from fbss.store.db import Database
from fbss.store.migrate import is_up_to_date
from fbss.web.app import create_app


class NotMigrated(RuntimeError):
    """The database is not at the latest schema revision."""


def app_from_environment() -> FastAPI:
    """The app on the environment's settings; refuses a database that is not migrated."""
    settings = Settings()
    database = Database(settings.database_url)
    if not is_up_to_date(database.engine):
        database.dispose()
        raise NotMigrated("the database is not at the latest schema revision: run `fbss db migrate` first")
    return create_app(settings, database, server=True)
