"""``local:<name>``: a GGUF model run in-process with llama-cpp-python (the embedded default backend).

The chat template is the one stored in the GGUF (llama-cpp-python's ``create_chat_completion``
reads it). One llama.cpp model is loaded per process and cached; a process-wide lock runs calls
one at a time, because two llama.cpp computations on a small machine slow each other drastically.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from veriagent.config import Settings
from veriagent.llm.base import (
    BackendUnavailable,
    ContextLengthError,
    GenParams,
    LLMError,
    MalformedReply,
    Message,
    Reply,
    Usage,
)

log = logging.getLogger(__name__)

INSTALL_HINT = "llama-cpp-python is not installed; run `make llama` (or `bash scripts/setup_llama.sh .venv/bin/python`)"
DEFAULT_N_CTX = 8192

#: Serialises every llama.cpp call (and load) in this process.
LLAMA_LOCK = threading.RLock()
_loaded: dict[str, Any] = {}  # key "path|n_ctx" -> Llama; at most one entry


def default_threads() -> int:
    """Threads for llama.cpp: the cores this process may use."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except AttributeError:  # pragma: no cover - non-Linux
        return os.cpu_count() or 1


def _running_in(path: str) -> int:
    try:
        return int(Path(path).read_text().split()[3].split("/")[0])
    except (OSError, IndexError, ValueError):
        return 0


def others_running() -> int:
    """Runnable threads of other processes right now (``/proc/loadavg`` minus this process's own)."""
    total = _running_in("/proc/loadavg")
    own = 0
    try:
        for task in Path("/proc/self/task").iterdir():
            with contextlib.suppress(OSError, IndexError):
                stat = (task / "stat").read_text()
                if stat[stat.rindex(")") + 2] == "R":
                    own += 1
    except OSError:
        return 0
    return max(total - own, 0)


class ThreadGovernor:
    """Chooses llama.cpp's thread count while it runs: the cores that other processes leave idle.

    llama.cpp's threads meet at a barrier after every operation; when another process takes one
    of their cores, each barrier waits for a scheduler time slice. On a 2-core machine with other
    work running, 2 threads generate ~20x slower than 1 (measured: 0.3 vs 5.2 tokens/s with the
    0.5B model). So the count is re-chosen every ``every`` decode steps from the run queue, as the
    median of the last 3 samples. ``fixed`` > 0 pins it instead.
    """

    def __init__(
        self, cores: int, fixed: int = 0, every: int = 8, sampler: Callable[[], int] = others_running
    ) -> None:
        self.cores = max(cores, 1)
        self.fixed = fixed
        self.every = every
        self.sampler = sampler
        self.current = 0
        self._samples: list[int] = []
        self._steps = 0

    def choose(self) -> int:
        """The thread count to use now."""
        if self.fixed:
            return self.fixed
        self._samples = [*self._samples[-2:], self.sampler()]
        busy = sorted(self._samples)[len(self._samples) // 2]
        return max(1, self.cores - busy)

    def step(self, ctx: Any, set_threads: Any) -> None:
        """Called before each decode: every ``every`` steps, apply a new count if it changed."""
        if self._steps % self.every == 0:
            n = self.choose()
            if n != self.current:
                set_threads(ctx, n, n)
                if self.current:
                    log.debug("llama.cpp threads %d -> %d", self.current, n)
                self.current = n
        self._steps += 1


def _import_llama() -> Any:
    try:
        import llama_cpp
    except ImportError:
        raise BackendUnavailable(INSTALL_HINT) from None
    return llama_cpp


def load_model(path: Path, *, n_ctx: int = DEFAULT_N_CTX, lora: Path | None = None) -> Any:
    """The llama.cpp model for ``path`` (plus a GGUF LoRA ``lora``), loading it (and dropping any other) when needed.

    Raises:
        BackendUnavailable: llama-cpp-python is missing or cannot load the file.
    """
    threads = default_threads()  # per-call counts are set by ThreadGovernor
    key = f"{path}|{n_ctx}|{lora or ''}"
    with LLAMA_LOCK:
        if key in _loaded:
            return _loaded[key]
        llama_cpp = _import_llama()
        _loaded.clear()  # one model at a time: free the previous one before loading
        log.info("loading %s (n_ctx=%d, threads=%d)", path, n_ctx, threads)
        t0 = time.monotonic()
        try:
            model = llama_cpp.Llama(
                model_path=str(path),
                n_ctx=n_ctx,
                n_threads=threads,
                n_threads_batch=threads,
                n_batch=512,
                verbose=False,
                **({"lora_path": str(lora)} if lora else {}),
            )
        except (ValueError, RuntimeError, OSError) as exc:
            raise BackendUnavailable(f"llama.cpp cannot load {path}: {exc}") from None
        log.info("loaded %s in %.1fs", path.name, time.monotonic() - t0)
        _loaded[key] = model
        return model


def unload() -> None:
    """Drop the cached model (frees its memory once no caller holds it)."""
    with LLAMA_LOCK:
        _loaded.clear()


class LocalGGUFBackend:
    """A GGUF model run in-process by llama.cpp."""

    def __init__(self, name: str, path: Path, *, n_ctx: int = DEFAULT_N_CTX, n_threads: int = 0,
                 adapter: Path | None = None) -> None:
        self.name = f"local:{name}"
        self.path = path
        self.adapter = adapter  # a llama.cpp GGUF LoRA (``local:NAME+adapter=DIR``)
        self.n_ctx = n_ctx
        self.n_threads = n_threads  # 0 = auto (ThreadGovernor)
        self.last_threads: list[int] = []  # thread counts used by the last call (for diagnostics)

    def chat(self, messages: list[Message], params: GenParams) -> Reply:
        """Run one chat completion with the GGUF's own chat template.

        Raises:
            BackendUnavailable: llama-cpp-python missing or the model cannot be loaded.
            ContextLengthError: prompt plus ``max_tokens`` exceed the context window.
            MalformedReply: llama.cpp returned something without a message.
        """
        with LLAMA_LOCK:
            model = load_model(self.path, n_ctx=self.n_ctx, lora=self.adapter)
            kwargs: dict[str, Any] = {
                "messages": [m.to_dict() for m in messages],
                "temperature": params.temperature,
                "max_tokens": params.max_tokens,
                "stop": list(params.stop) or None,
                "repeat_penalty": params.repeat_penalty,
            }
            if params.seed is not None:
                kwargs["seed"] = params.seed
            llama_cpp = _import_llama()
            governor = ThreadGovernor(default_threads(), self.n_threads)
            used: list[int] = []
            real_eval = model.eval

            def governed_eval(tokens: Any) -> Any:
                governor.step(model.ctx, llama_cpp.llama_set_n_threads)
                if not used or used[-1] != governor.current:
                    used.append(governor.current)
                return real_eval(tokens)

            model.eval = governed_eval  # llama-cpp-python's generate() calls self.eval per decode step
            if params.temperature == 0:
                # greedy decoding must not depend on the previous call: llama-cpp-python would reuse the
                # KV cache of a shared prompt prefix and evaluate only the rest, in other batch shapes,
                # which changes the floats enough to flip near-ties (the same prompt, another reply)
                model.reset()
            t0 = time.monotonic()
            try:
                resp = model.create_chat_completion(**kwargs)
            except ValueError as exc:
                if "context window" in str(exc) or "exceed" in str(exc):
                    raise ContextLengthError(f"{self.name}: {exc}") from None
                raise LLMError(f"{self.name}: {exc}") from None
            finally:
                del model.eval
            latency = time.monotonic() - t0
            self.last_threads = used
        return _to_reply(resp, latency, self.name)


def _to_reply(resp: Any, latency: float, name: str) -> Reply:
    try:
        choice = resp["choices"][0]
        text = choice["message"]["content"] or ""
    except (KeyError, IndexError, TypeError):
        raise MalformedReply(f"{name}: llama.cpp returned no message") from None
    usage = resp.get("usage") or {}
    return Reply(
        text=text,
        usage=Usage(int(usage.get("prompt_tokens", 0)), int(usage.get("completion_tokens", 0))),
        latency=latency,
        finish_reason=str(choice.get("finish_reason") or "stop"),
        model=name,
    )


def create(name: str, settings: Settings) -> LocalGGUFBackend:
    """The backend for ``local:<name>`` (a catalogue name or a path to a ``.gguf`` file).

    Raises:
        ModelNotFound: unknown or not pulled (with the pull command).
        BackendUnavailable: llama-cpp-python is not installed (with the install command).
    """
    from veriagent.llm.models import CATALOG, resolve

    name, _, adapter_dir = name.partition("+adapter=")
    adapter = _adapter_gguf(Path(adapter_dir).expanduser()) if adapter_dir else None
    path = resolve(name, settings)
    _import_llama()  # fail now, with the install hint, rather than at the first call
    entry = CATALOG.get(name)
    n_ctx = entry.n_ctx if entry else DEFAULT_N_CTX
    label = Path(name).stem if name.endswith(".gguf") else name
    if adapter is not None:
        label += f"+adapter={adapter_dir}"
    return LocalGGUFBackend(label, path, n_ctx=n_ctx, n_threads=settings.llm_threads, adapter=adapter)


def _adapter_gguf(adapter: Path) -> Path:
    """The llama.cpp LoRA file of ``+adapter=``: a ``.gguf`` file, or ``DIR/adapter.gguf``.

    Raises:
        ModelNotFound: no such file (``veriagent finetune`` on a GGUF base writes ``adapter.gguf``).
    """
    from veriagent.llm.base import ModelNotFound

    path = adapter if adapter.suffix == ".gguf" else adapter / "adapter.gguf"
    if not path.is_file():
        raise ModelNotFound(f"no llama.cpp LoRA at {path}; `veriagent finetune` writes adapter.gguf when the base "
                            "is a GGUF (or convert with veriagent.train.gguf_lora.convert_adapter)")
    return path
