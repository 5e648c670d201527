"""`python -m summarizer`: bullets, JSON, JSONL batches, and one clear line for bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from summarizer import cli
from summarizer.extractive import ExtractiveSummarizer
from tests.fakes import HashingEmbedder

PAGE = """<html><head><title>Truce holds in Kalvik</title></head><body>
<nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article><h1>Truce holds in Kalvik</h1>
<p>The 14-day truce between Varnia and Lestovia held through its first night, with no shelling
reported along the northern front, the United Nations mission in Kalvik said on Monday.</p>
<p>Aid convoys carrying food and medicine crossed into the port city at dawn, the first to reach
it since March, according to the mission's spokesperson, Ilse Marten.</p>
<p>Residents who had sheltered in basements for weeks came out to queue for bread and water,
while engineers began repairing the damaged pumping station on the eastern bank.</p>
</article><footer>Leave a Reply. Your email address will not be published.</footer>
</body></html>"""


@pytest.fixture
def fast_cli(monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI with the hashing embedder instead of loading the real model."""
    monkeypatch.setattr(
        cli, "_load", lambda args: ExtractiveSummarizer(HashingEmbedder(), args.points or 5)
    )


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.usefixtures("fast_cli")
def test_a_file_prints_bulleted_key_points(capsys, tmp_path: Path, article_text: str) -> None:
    source = tmp_path / "story.txt"
    source.write_text(article_text, encoding="utf-8")
    code, out, _ = run(capsys, str(source), "--points", "3")
    assert code == 0
    lines = out.strip().splitlines()
    assert len(lines) == 3
    assert all(line.startswith("• ") for line in lines)


@pytest.mark.usefixtures("fast_cli")
def test_json_output_carries_verbatim_evidence(
    capsys, monkeypatch: pytest.MonkeyPatch, article_text: str
) -> None:
    monkeypatch.setattr(sys, "stdin", _Stdin(article_text))
    code, out, _ = run(capsys, "-", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["backend"] == "extractive"
    assert data["key_points"]
    for point in data["key_points"]:
        assert all(evidence in article_text for evidence in point["evidence"])


@pytest.mark.usefixtures("fast_cli")
def test_jsonl_writes_one_line_per_story_and_reports_bad_lines(
    capsys, tmp_path: Path, article_text: str
) -> None:
    batch = tmp_path / "in.jsonl"
    batch.write_text(
        json.dumps({"id": "a", "article": article_text, "title": "Truce"})
        + "\nnot json\n"
        + json.dumps({"id": "b", "article": "   "})
        + "\n",
        encoding="utf-8",
    )
    code, out, err = run(capsys, "--jsonl", str(batch))
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in records] == ["a", "b"]
    assert records[0]["key_points"][0]["evidence"]
    assert records[1] == {
        "id": "b",
        "key_points": [],
        "error": "The article has no text to summarize.",
    }
    assert "line 2 is not JSON" in err
    assert code == 2


@pytest.mark.usefixtures("fast_cli")
def test_an_html_file_is_reduced_to_its_article(capsys, tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    code, out, _ = run(capsys, str(page), "--json")
    assert code == 0
    texts = " ".join(p["text"] for p in json.loads(out)["key_points"])
    assert "14-day truce" in texts
    assert "Leave a Reply" not in texts
    assert "Home" not in texts


UK_PARAGRAPHS = (
    "Перемир'я між Варнією та Лестовією протрималося першу ніч без обстрілів на північному "
    "фронті, повідомила в понеділок місія ООН у Кальвіку.",
    "Гуманітарні колони з їжею та ліками на світанку вперше з березня увійшли до портового "
    "міста, сказала речниця місії Ільзе Мартен.",
)


@pytest.mark.usefixtures("fast_cli")
def test_a_page_saved_in_windows_1251_is_read_in_its_declared_charset(
    capsys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    html = (
        '<html><head><meta charset="windows-1251"><title>Перемир\'я</title></head><body>'
        "<article>" + "".join(f"<p>{p}</p>" for p in UK_PARAGRAPHS) + "</article></body></html>"
    )
    page = tmp_path / "page.html"
    page.write_bytes(html.encode("cp1251"))
    monkeypatch.setattr(sys, "stdin", _Stdin(" ".join(UK_PARAGRAPHS), "cp1251"))
    for source in (str(page), "-"):
        code, out, err = run(capsys, source)
        assert code == 0, err
        assert "Перемир'я між Варнією та Лестовією" in out
        assert "\ufffd" not in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ([], "give a FILE"),
        (["/no/such/file.txt"], "no such file"),
        (["ftp://example.org/story"], "only http and https"),
        (["--points", "0", "x.txt"], "between 1 and 20"),
    ],
)
def test_bad_input_gets_one_clear_line_and_exit_code_2(capsys, argv, message) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert out == ""
    assert message in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_an_unknown_backend_in_the_environment_is_refused_before_any_model_loads(
    capsys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli, "_load", _fail_if_called)
    monkeypatch.setenv("SUMMARIZER_BACKEND", "bogus")
    story = tmp_path / "story.txt"
    story.write_text("The truce held through the night.", encoding="utf-8")
    code, out, err = run(capsys, str(story))
    assert code == 2
    assert out == ""
    assert err == (
        "summarizer: SUMMARIZER_BACKEND='bogus' is not a backend: use extractive, seq2seq or llm\n"
    )


def test_an_empty_file_is_refused_before_any_model_loads(
    capsys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli, "_load", _fail_if_called)
    empty = tmp_path / "empty.txt"
    empty.write_text(" \n ", encoding="utf-8")
    code, _, err = run(capsys, str(empty))
    assert code == 2
    assert "the article is empty" in err


async def _public(host: str, port: int) -> list[str]:
    """A resolver answering a global address; MockTransport means nothing is ever sent."""
    return ["93.184.216.34"]


def page(status: int, body: str = "") -> httpx.Response:
    """A streamed answer, as a server sends it (the reader reads the raw stream)."""
    headers = {"content-type": "text/html; charset=utf-8"}
    return httpx.Response(status, headers=headers, stream=httpx.ByteStream(body.encode()))


def fetch(url: str, transport: httpx.MockTransport):
    return cli._fetch(url, "", transport=transport, resolver=_public)


def test_a_local_address_is_refused_before_anything_is_sent() -> None:
    sent = []
    transport = httpx.MockTransport(lambda request: sent.append(request) or httpx.Response(200))
    with pytest.raises(cli.InputError, match="could not fetch"):
        cli._fetch("http://127.0.0.1:9/admin", "", transport=transport)
    assert sent == []


def test_a_page_is_fetched_and_extracted() -> None:
    transport = httpx.MockTransport(lambda request: page(200, PAGE))
    article = fetch("https://news.example/truce", transport)
    assert article.title == "Truce holds in Kalvik"
    assert "Aid convoys" in article.text
    assert article.url == "https://news.example/truce"


def test_a_failing_page_is_a_clear_input_error() -> None:
    transport = httpx.MockTransport(lambda request: page(404))
    with pytest.raises(cli.InputError, match="HTTP 404"):
        fetch("https://news.example/gone", transport)


def test_an_oversized_page_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "MAX_INPUT_BYTES", 1000)
    transport = httpx.MockTransport(lambda request: page(200, "x" * 5000))
    with pytest.raises(cli.InputError, match="larger than"):
        fetch("https://news.example/huge", transport)


@pytest.mark.model
def test_the_module_runs_with_the_real_model(tmp_path: Path, article_text: str) -> None:
    source = tmp_path / "story.txt"
    source.write_text(article_text, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "summarizer", str(source), "--points", "3"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("• Negotiators for Varnia and Lestovia agreed")
    assert done.stderr == ""


class _Stdin:
    def __init__(self, text: str, encoding: str = "utf-8") -> None:
        import io

        self.buffer = io.BytesIO(text.encode(encoding))


def _fail_if_called(args: object) -> None:
    raise AssertionError("a model was loaded for input that was already known to be bad")
