"""The example reports under reports/ are what the README's first command writes today."""

from __future__ import annotations

import json

from click.testing import CliRunner

from conftest import ROOT
from mtqa.cli import cli


def test_committed_seed_reports_are_up_to_date(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(cli, ["check", "seeds/", "--json", str(tmp_path / "seed.json"),
                                      "--html", str(tmp_path / "seed.html")], catch_exceptions=False)
    assert result.exit_code == 1
    fresh, committed = (json.loads((folder / "seed.json").read_text(encoding="utf-8")) for folder in
                        (tmp_path, ROOT / "reports"))
    for report in (fresh, committed):
        del report["tool"]  # library versions differ between installations, not the results
    assert fresh == committed, "reports/seed.json is stale: rerun the README's first command"
    html = (tmp_path / "seed.html").read_text(encoding="utf-8")
    assert html == (ROOT / "reports" / "seed.html").read_text(encoding="utf-8"), "reports/seed.html is stale"
