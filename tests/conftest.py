import os
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

settings.register_profile("ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci" if os.environ.get("CI") else "dev")


@pytest.fixture
def workspace_path(tmp_path, monkeypatch):
    path = tmp_path / "workspace.sqlite"
    monkeypatch.setenv("RESIDENCY_SCOUT_WORKSPACE", str(path))
    monkeypatch.setenv("RESIDENCY_SCOUT_TODAY", "2026-11-22")
    return path
