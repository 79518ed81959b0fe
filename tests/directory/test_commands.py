"""`rightsline directory …` as a campaign team runs it."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from bot.cli import app
from bot.settings import ROOT
from tests.directory.test_import import row, write

runner = CliRunner()


def test_import_dry_run_then_import_then_search(migrated_database: str, tmp_path: Path) -> None:
    sheet = write(tmp_path / "team.csv", [row("a"), row("b", city="Kraków", latitude="50.06")])
    dry = runner.invoke(app, ["directory", "import", str(sheet), "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "2 would be added" in dry.output
    done = runner.invoke(app, ["directory", "import", str(sheet)])
    assert "2 were added" in done.output
    found = runner.invoke(
        app, ["directory", "search", "--category", "legal_aid", "--city", "krakow", "--lang", "en"]
    )
    assert found.exit_code == 0, found.output
    assert "Legal help b" in found.output
    assert "📍 Kraków, Poland" in found.output
    assert "Legal help a" not in found.output


def test_import_with_broken_rows_fails_and_names_them(
    migrated_database: str, tmp_path: Path
) -> None:
    sheet = write(tmp_path / "bad.csv", [row("a", country="Atlantis"), row("b", free="maybe")])
    result = runner.invoke(app, ["directory", "import", str(sheet)])
    assert result.exit_code == 1
    assert "bad.csv: row 2, column country" in result.output
    assert "bad.csv: row 3, column free" in result.output


def test_stale_and_verify(migrated_database: str, tmp_path: Path) -> None:
    sheet = write(tmp_path / "old.csv", [row("old", last_verified_on="2020-01-01")])
    runner.invoke(app, ["directory", "import", str(sheet)])
    stale = runner.invoke(app, ["directory", "stale"])
    assert "old\t2020-01-01" in stale.output
    verified = runner.invoke(app, ["directory", "verify", "old", "--by", "team-pl"])
    assert verified.exit_code == 0
    assert "0 service(s)" in runner.invoke(app, ["directory", "stale"]).output
    assert runner.invoke(app, ["directory", "verify", "nope", "--by", "x"]).exit_code == 1


def test_export_then_dry_run_import_of_the_folder(migrated_database: str, tmp_path: Path) -> None:
    sheet = write(tmp_path / "team.csv", [row("a"), row("b")])
    runner.invoke(app, ["directory", "import", str(sheet)])
    exported = runner.invoke(app, ["directory", "export", str(tmp_path / "hsds")])
    assert exported.exit_code == 0, exported.output
    assert "service: 2" in exported.output
    assert (tmp_path / "hsds" / "schedule.csv").exists()
    dry = runner.invoke(app, ["directory", "import", str(tmp_path / "hsds"), "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "hsds: 0 would be added, 2 changed" in dry.output  # another source: re-labelled


def test_sample_data_is_loaded_once_and_announced_every_time(migrated_database: str) -> None:
    from bot.directory.commands import load_sample_directory_if_empty

    said: list[str] = []
    load_sample_directory_if_empty(echo=said.append)
    assert said[0] == "The directory was empty: loaded 197 sample services."
    assert said[1].startswith("SAMPLE DATA:")
    said.clear()
    load_sample_directory_if_empty(echo=said.append)
    assert len(said) == 1
    assert said[0].startswith("SAMPLE DATA:")

    removed = runner.invoke(app, ["directory", "remove-samples"])
    assert removed.exit_code == 0, removed.output
    assert "Removed 197 sample services; 0 services are left." in removed.output
    said.clear()
    load_sample_directory_if_empty(echo=said.append)  # empty again: the samples come back
    assert said[0] == "The directory was empty: loaded 197 sample services."


def test_the_sheet_template_imports_cleanly(migrated_database: str) -> None:
    template = ROOT / "data" / "directory" / "sheet_template.csv"
    result = runner.invoke(app, ["directory", "import", str(template), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "3 would be added" in result.output
