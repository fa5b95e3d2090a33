"""Hot reads without SQLAlchemy's per-execution work: one Core SELECT, compiled once per dialect.

For the requests that run on every click (the question page, the exam answer), where SQLAlchemy's
per-execution setup (result metadata, row factory, the driver's column descriptions) costs more
than the query. The SQL text and the value conversions both come from the statement's own columns,
so the models stay the one description of the schema.

On PostgreSQL every such statement is prepared when the pool opens a connection (`prepare_on_connect`)
and run with libpq's own prepared-statement call, its values loaded by psycopg's loaders: one round
trip per read, and none of psycopg's cursor machinery (query conversion, prepared-statement
bookkeeping, row makers), which cost as much client CPU as the round trip. Elsewhere it runs on a
DBAPI cursor kept per pooled connection.
"""
from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass

from psycopg import errors, pq
from psycopg.adapt import Transformer
from sqlalchemy import Engine, event

_names = itertools.count(1)
ALL_READS: list[CompiledRead] = []  # every read the app defines, to prepare on each new PostgreSQL connection


@dataclass
class _Compiled:
    """A statement compiled for one dialect; conversions are worked out from the first result."""

    sql: str
    names: list[str] | None  # parameter names in order; None for named parameters
    conversions: list[tuple[int, Callable]] | None = None


class CompiledRead:
    """One Core SELECT compiled once per dialect and run straight on a pooled DBAPI connection."""

    def __init__(self, statement):
        self.statement = statement
        self.prepared_name = f"study_read_{next(_names)}".encode()
        self._by_dialect: dict[str, _Compiled] = {}
        ALL_READS.append(self)

    def _compiled(self, engine: Engine) -> _Compiled:
        found = self._by_dialect.get(engine.dialect.name)
        if found is None:
            dialect = engine.dialect
            if dialect.name == "postgresql":  # libpq numbers its parameters: $1, $2...
                dialect = type(dialect)(paramstyle="numeric_dollar")
            compiled = self.statement.compile(dialect=dialect)
            names = list(compiled.positiontup) if compiled.positional else None
            found = self._by_dialect[engine.dialect.name] = _Compiled(compiled.string, names)
        return found

    def _conversions(self, dialect, type_codes) -> list[tuple[int, Callable]]:
        """(column index, conversion) for each column whose type converts the driver's value.

        Some types need the driver's type code, which only a result gives."""
        found = []
        for index, (column, code) in enumerate(zip(self.statement.selected_columns, type_codes, strict=True)):
            process = column.type.dialect_impl(dialect).result_processor(dialect, code)
            if process is not None:
                found.append((index, process))
        return found

    def one_or_none(self, engine: Engine, params: dict) -> tuple | None:
        """The statement's single row with the columns' Python values, or None."""
        compiled = self._compiled(engine)
        connection = engine.raw_connection()
        try:
            run = _run_libpq if engine.dialect.name == "postgresql" else _run_cursor
            rows, type_codes = run(connection, self, compiled, params)
            if compiled.conversions is None:
                compiled.conversions = self._conversions(engine.dialect, type_codes())
        except BaseException:
            connection.invalidate()  # never hand a connection in an unknown state to the next request
            raise
        finally:
            connection.close()
        if len(rows) > 1:
            raise ValueError(f"expected at most one row, got {len(rows)}")
        if not rows:
            return None
        row = list(rows[0])
        for index, process in compiled.conversions:
            row[index] = process(row[index])
        return tuple(row)


def prepare_on_connect(engine: Engine) -> None:
    """Prepare every CompiledRead on each connection the engine's pool opens (PostgreSQL only).

    The read then costs one round trip from the first request on; preparing on first use would
    cost the first request two."""
    if engine.dialect.name != "postgresql":
        return

    @event.listens_for(engine, "connect")
    def prepare_all(dbapi_connection, record) -> None:
        for read in ALL_READS:
            _prepared(dbapi_connection, record.info, read, read._compiled(engine))


def _prepared(driver, info: dict, read: CompiledRead, compiled: _Compiled) -> Transformer:
    """Prepare the read on this connection unless done; psycopg's loaders for the connection."""
    state = info.get("study.libpq")
    if state is None:  # per connection: its prepared statements and psycopg's loaders for its types
        state = info["study.libpq"] = (set(), Transformer.from_context(driver))
    prepared, transformer = state
    if read.prepared_name not in prepared:
        _checked(driver.pgconn.prepare(read.prepared_name, compiled.sql.encode()), driver)
        prepared.add(read.prepared_name)
    return transformer


def _run_cursor(connection, read: CompiledRead, compiled: _Compiled, params: dict) -> tuple[list, Callable]:
    """Rows, and how to get the column type codes, through a DBAPI cursor kept with the pooled connection."""
    cursor = connection.info.get("study.read_cursor")
    if cursor is None:  # the pool empties info when it reconnects, so a cursor never outlives its connection
        cursor = connection.info["study.read_cursor"] = connection.driver_connection.cursor()
    cursor.execute(compiled.sql, [params[name] for name in compiled.names] if compiled.names is not None else params)
    rows, description = cursor.fetchall(), cursor.description
    return rows, lambda: [described[1] for described in description]


def _run_libpq(connection, read: CompiledRead, compiled: _Compiled, params: dict) -> tuple[list, Callable]:
    """Rows, and how to get the column type OIDs, from libpq's prepared-statement call."""
    driver = connection.driver_connection
    transformer = _prepared(driver, connection.info, read, compiled)
    values = [_text_parameter(params[name]) for name in compiled.names]
    result = _checked(driver.pgconn.exec_prepared(read.prepared_name, values), driver)
    transformer.set_pgresult(result)
    return transformer.load_rows(0, result.ntuples, tuple), lambda: [result.ftype(i) for i in range(result.nfields)]


def _checked(result, driver):
    """The result, or the error raised as psycopg raises it (OperationalError for a lost connection)."""
    if result.status in (pq.ExecStatus.TUPLES_OK, pq.ExecStatus.COMMAND_OK):
        return result
    if driver.pgconn.status == pq.ConnStatus.BAD:
        raise errors.OperationalError(driver.pgconn.error_message.decode(errors="replace").strip())
    raise errors.error_from_result(result, encoding=driver.info.encoding)


def _text_parameter(value) -> bytes | None:
    """A parameter in libpq's text format; the statement's casts give the server its type."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise TypeError(f"CompiledRead takes whole numbers and text as parameters, not {type(value).__name__}")
    return str(value).encode()
