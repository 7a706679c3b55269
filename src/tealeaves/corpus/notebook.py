"""The notebook API: ``tealeaves.Corpus(db)`` gives the stored findings as pandas
DataFrames (the ``notebook`` extra installs pandas).

>>> import tealeaves
>>> corpus = tealeaves.Corpus("news.db")                     # doctest: +SKIP
>>> claims = corpus.claims(outlet="Reuters", since="2026-01-01")  # doctest: +SKIP
>>> claims.groupby("source_kind").size()                     # doctest: +SKIP
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from .export import Filters, columns, rows

if TYPE_CHECKING:
    import pandas as pd

    from ..store import Store


def _pandas() -> Any:
    try:
        import pandas
    except ImportError:
        raise RuntimeError("the notebook API needs pandas: pip install 'tealeaves[notebook]'"
                           ) from None
    return pandas


class Corpus:
    """A store read as DataFrames. Each method takes the views' filters (``outlet``,
    ``since``, ``until``, ``actor``, ``limit``); every row carries its article's id,
    outlet, date, title and URL and the finding's character offsets."""

    def __init__(self, db: str | Path | Store = "tealeaves.db") -> None:
        from ..store import Store, open_store

        self._own = not isinstance(db, Store)
        self.store = db if isinstance(db, Store) else open_store(db)

    def close(self) -> None:
        if self._own:
            self.store.close()

    def __enter__(self) -> Corpus:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Corpus({self.store!r})"

    def frame(self, kind: str, **filters: Any) -> pd.DataFrame:
        pd = _pandas()
        return pd.DataFrame(list(rows(self.store, kind, Filters(**filters))),
                            columns=columns(kind))

    def claims(self, **filters: Any) -> pd.DataFrame:
        return self.frame("claims", **filters)

    def actors(self, **filters: Any) -> pd.DataFrame:
        return self.frame("actors", **filters)

    def events(self, **filters: Any) -> pd.DataFrame:
        return self.frame("events", **filters)

    def techniques(self, **filters: Any) -> pd.DataFrame:
        return self.frame("techniques", **filters)

    def standing(self, **filters: Any) -> pd.DataFrame:
        return self.frame("standing", **filters)

    def articles(self, *, limit: int = 1_000_000, outlet: str | None = None,
                 since: str | None = None, until: str | None = None) -> pd.DataFrame:
        pd = _pandas()
        return pd.DataFrame(self.store.articles(limit=limit, outlet=outlet, since=since,
                                                until=until))

    def alerts(self, limit: int = 10_000) -> pd.DataFrame:
        from ..store.alerts import list_alerts

        return _pandas().DataFrame(list_alerts(self.store.engine, limit=limit))
