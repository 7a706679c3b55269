"""The CLI tests drive the same stores as the corpus and web tests."""

from tests.corpus.conftest import *  # noqa: F403
from tests.web.conftest import web_store  # noqa: F401
