"""The module-scoped app server of the UI tests."""

import pytest
from app_server import running_app


@pytest.fixture(scope="module")
def server(tmp_path_factory, built_brochure):
    """The web app with the default (extractive) answerer; yields its settings and URL."""
    # A high rate limit: the module's tests all come from one address (test_api tests the limit).
    with running_app(tmp_path_factory.mktemp("app"), built_brochure, rate_limit="1000/minute") as started:
        yield started
