from pathlib import Path

import pytest
from pydantic import ValidationError

from assistant.settings import Settings


def test_every_setting_is_described():
    assert all(field.description for field in Settings.model_fields.values())


def test_settings_come_from_the_prefixed_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("CLUSTER_ASSISTANT_INDEX_DIR", str(tmp_path / "idx"))
    monkeypatch.setenv("CLUSTER_ASSISTANT_CHUNK_SIZE", "300")
    settings = Settings()
    assert settings.resolved_index_dir == tmp_path / "idx"
    assert settings.chunk_size == 300


def test_the_index_defaults_to_the_data_folder(tmp_path):
    settings = Settings()
    assert settings.resolved_index_dir == Path(settings.data_dir) / "index"
    assert str(settings.data_dir).startswith(str(tmp_path))


def test_bad_values_are_refused(monkeypatch):
    monkeypatch.setenv("CLUSTER_ASSISTANT_COLLECTION", "ab")
    with pytest.raises(ValidationError):
        Settings()
