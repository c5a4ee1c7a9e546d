"""The example reports under reports/ are what the README's first command writes today."""

from __future__ import annotations

from click.testing import CliRunner

from conftest import ROOT
from mtqa.cli import cli


def test_committed_seed_reports_are_up_to_date(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(cli, ["check", "seeds/", "--json", str(tmp_path / "seed.json"),
                                      "--html", str(tmp_path / "seed.html")], catch_exceptions=False)
    assert result.exit_code == 1
    for name in ("seed.json", "seed.html"):
        fresh = (tmp_path / name).read_text(encoding="utf-8")
        committed = (ROOT / "reports" / name).read_text(encoding="utf-8")
        assert fresh == committed, f"reports/{name} is stale: rerun the README's first command"
