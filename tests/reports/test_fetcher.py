"""The report's URL fetcher: files under static/ and nothing else."""
from __future__ import annotations

import pytest

from survey.reports.pdf import BASE_URL, STATIC, RefusedURL, static_only_fetcher


@pytest.mark.parametrize("url", [
    "http://evil.example/x.png", "https://example.org/a.css", "ftp://example.org/x",
    "data:text/css,body{}", "file:///etc/passwd", "file://evil.example/static/css/report.css",
    BASE_URL + "static/../wsgi.py", BASE_URL + "static/css/../../wsgi.py",
    BASE_URL + "static/%2e%2e/wsgi.py", BASE_URL + "wsgi.py", BASE_URL + "static/css/no-such.css",
    BASE_URL + "static/css",  # a folder
])
def test_refuses_everything_outside_static(url):
    with pytest.raises(RefusedURL):
        static_only_fetcher(url)


def test_serves_files_under_static():
    result = static_only_fetcher(BASE_URL + "static/css/report.css")
    assert result["mime_type"] == "text/css" and b"@page" in result["string"]
    assert result["string"] == (STATIC / "css" / "report.css").read_bytes()


def test_refuses_a_symlink_leading_out_of_static(tmp_path, monkeypatch):
    import survey.reports.pdf as pdf_module
    static = tmp_path / "static"
    static.mkdir()
    (tmp_path / "secret.txt").write_text("secret")
    (static / "link.css").symlink_to(tmp_path / "secret.txt")
    (static / "ok.css").write_text("p {}")
    monkeypatch.setattr(pdf_module, "STATIC", static.resolve())
    assert static_only_fetcher((static / "ok.css").as_uri())["string"] == b"p {}"
    with pytest.raises(RefusedURL):
        static_only_fetcher((static / "link.css").as_uri())
