"""A PostgreSQL database that does not store text as UTF-8 is refused at start with a message
that says how to make one that does. A cluster made without a UTF-8 locale (``initdb`` with LANG
unset, as in a bare container) creates SQL_ASCII databases; before, the app failed at start with
"TypeError: cannot use a string pattern on a bytes-like object" from inside SQLAlchemy."""

from __future__ import annotations

import pytest

from leergang import create_app
from leergang.db import DatabaseEncodingError
from tests.helpers import POSTGRES, throwaway_postgres_database

pytestmark = [
    pytest.mark.db,
    pytest.mark.skipif(not POSTGRES, reason="PostgreSQL's encodings: runs in the PostgreSQL part"),
]


@pytest.fixture
def sql_ascii_database():
    with throwaway_postgres_database(
        "leergang_ascii", "ENCODING 'SQL_ASCII' TEMPLATE template0 LC_COLLATE 'C' LC_CTYPE 'C'"
    ) as url:
        yield url


def test_an_sql_ascii_database_is_refused_with_what_to_do(sql_ascii_database):
    name = sql_ascii_database.rsplit("/", 1)[1]
    with pytest.raises(DatabaseEncodingError) as refused:
        create_app({"DATABASE_URL": sql_ascii_database, "SECRET_KEY": "encoding-test" * 4})
    assert str(refused.value) == (
        f"PostgreSQL database '{name}' stores text as SQL_ASCII; Leergang needs UTF8 (names "
        "such as Chloë, amounts in €). Create it with: "
        f"createdb --encoding=UTF8 --template=template0 {name}"
    )
