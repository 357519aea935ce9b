"""Layered, typed configuration: defaults < veriagent.toml < environment < command-line flags.

Environment variables are read here and nowhere else: ``VERIAGENT_<FIELD>`` for top-level fields
(e.g. ``VERIAGENT_MODEL``), ``VERIAGENT_<SECTION>__<FIELD>`` for nested ones
(e.g. ``VERIAGENT_AGENT__MAX_ITERS=4``).
"""

from __future__ import annotations

import difflib
import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

import platformdirs
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from veriagent.errors import ConfigError

CONFIG_FILE = "veriagent.toml"


class _Strict(BaseModel):
    """A config section: unknown keys are an error (a misspelt key must not be silently ignored)."""

    model_config = ConfigDict(extra="forbid")


class AgentConfig(_Strict):
    """Budget and behaviour of the generate loop."""

    max_iters: int = Field(6, ge=1, description="Repair iterations at most.")
    max_tokens: int = Field(60_000, ge=1000, description="Total tokens (prompt + completion) at most.")
    timeout: float = Field(1800.0, gt=0, description="Wall-clock seconds for one generate run.")
    samples: int = Field(
        5,
        ge=1,
        description="Design drafts (N): the greedy one, then samples; the clean ones vote (1: one draft).",
    )
    models: int = Field(
        3,
        ge=1,
        description="Python reference models (M) from the spec (self-tests only); verified needs 2 to agree.",
    )
    temperature: float = Field(
        0.0, ge=0.0, le=2.0, description="Sampling temperature of the first draft and model."
    )
    sample_temperature: float = Field(
        0.8, ge=0.0, le=2.0, description="Temperature of the further drafts and models of the population."
    )
    max_reply_tokens: int = Field(1500, ge=64, description="Completion tokens for one reply.")
    repeat_penalty: float = Field(
        1.0, ge=1.0, le=2.0, description="Penalty on repeating recent tokens (1.0 = off; ~1.1 against loops)."
    )
    max_malformed: int = Field(
        3, ge=1, description="Consecutive replies without usable code before giving up."
    )
    self_test: bool = Field(True, description="Have the model write cocotb tests from the spec.")


class SimConfig(_Strict):
    """Simulation and tool settings."""

    timeout: float = Field(120.0, gt=0, description="Seconds for one simulation.")
    compile_timeout: float = Field(60.0, gt=0, description="Seconds for one compile or lint.")


class LLMConfig(_Strict):
    """Talking to model servers (openai:, ollama:)."""

    timeout: float = Field(
        600.0, gt=0, description="Seconds to wait for one HTTP answer from a model server."
    )


class BenchConfig(_Strict):
    """Batch-run settings."""

    jobs: int = Field(default_factory=lambda: os.cpu_count() or 1, ge=1)
    batch_size: int = Field(20, ge=1, description="Candidates judged in one simulation.")
    seed: int = 1
    executor: Literal["local", "ray"] = Field(
        "local", description="Where judging runs: local process pool or Ray."
    )
    ray_address: str = Field("auto", description="Ray head for executor=ray: auto or HOST:PORT.")


class TrainConfig(_Strict):
    """Fine-tuning: the dataset split and the LoRA hyper-parameters (``train.sft.SFTConfig`` extends it)."""

    held_out_suites: list[str] = Field(default_factory=list, description="Suites never trained on.")
    val_fraction: float = Field(0.1, ge=0.0, lt=1.0, description="Share of problems held for validation.")
    base: str | None = Field(None, description="Base model for finetune (HF dir, .gguf, or catalogue name).")
    lora_r: int = Field(8, ge=1)
    lora_alpha: int = Field(16, ge=1)
    lora_dropout: float = Field(0.05, ge=0.0, lt=1.0)
    target_modules: list[str] = Field(default_factory=lambda: ["q_proj", "v_proj"])
    learning_rate: float = Field(2e-4, gt=0)
    epochs: float = Field(1.0, gt=0)
    max_steps: int | None = Field(None, ge=1, description="Optimizer steps; overrides epochs.")
    batch_size: int | None = Field(None, ge=1, description="Micro-batch; None: 2 on CPU, 8 on a GPU.")
    grad_accum: int = Field(1, ge=1)
    max_length: int = Field(1024, ge=16, description="Tokens per sample at most.")
    truncate: bool = Field(
        False,
        description="Cut samples longer than max_length instead of dropping them. Off by default: a cut "
        "reply has no end token, and training on many of them teaches the model to run on (measured: 26 "
        "of 93 "
        "samples cut at 768 tokens, and the tuned 0.5B looped until the token limit).",
    )
    warmup_ratio: float = Field(
        0.03, ge=0.0, lt=1.0, description="Share of the steps the learning rate warms up."
    )
    weight_decay: float = Field(0.0, ge=0.0)
    dtype: Literal["bf16", "fp32"] = Field("bf16", description="bf16 or fp32.")
    eval_every: int = Field(
        0, ge=0, description="Evaluate every N steps (0: before and after training only)."
    )
    eval_samples: int = Field(
        0, ge=0, description="Validation samples of the eval loss (0: all; else spread evenly)."
    )
    gen_check: int = Field(
        2,
        ge=0,
        description="Validation prompts (shortest references) generated greedily at each evaluation, "
        "counting the replies that end with the end-of-turn token: a model that loops shows here (0: off).",
    )
    gen_max_new_tokens: int = Field(
        0,
        ge=0,
        description="Token budget of the generation check (0: 1.5 x the longest reference checked, + 16).",
    )
    select_best: bool = Field(
        True,
        description="Keep the evaluated adapter whose checked replies all end, with the lowest eval loss "
        "(if none ends: the most that end); off: the adapter of the last step.",
    )
    seed: int = 1


class CheckConfig(_Strict):
    """Settings of `veriagent check`."""

    waive: dict[str, list[str]] = Field(
        default_factory=dict,
        description="Waived warnings: rule id (Verilator rule, slang option, category) -> file globs.",
    )


class Settings(_Strict):
    """All of veriagent's settings."""

    model: str = Field("local:qwen2.5-coder-1.5b", description="Default model spec for generate/bench.")
    base_url: str | None = Field(None, description="Base URL for openai: models.")
    api_key: str | None = Field(None, repr=False, description="API key for openai: models (never logged).")
    cache_dir: Path = Field(default_factory=lambda: Path(platformdirs.user_cache_dir("veriagent")))
    runs_dir: Path = Field(Path("runs"), description="Where generate writes runs/<id>/.")
    llm_concurrency: int = Field(
        1,
        ge=1,
        description="Requests at once to openai:/ollama: servers when the agent samples several replies.",
    )
    llm_threads: int = Field(
        0,
        ge=0,
        description="llama.cpp threads for local: models (0 = auto: the cores other processes leave idle).",
    )
    agent: AgentConfig = Field(default_factory=AgentConfig)
    sim: SimConfig = Field(default_factory=SimConfig)
    llm: LLMConfig = Field(default_factory=LLMConfig)
    bench: BenchConfig = Field(default_factory=BenchConfig)
    train: TrainConfig = Field(default_factory=TrainConfig)
    check: CheckConfig = Field(default_factory=CheckConfig)

    @property
    def models_dir(self) -> Path:
        return self.cache_dir / "models"


def _merge(base: dict[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for k, v in over.items():
        if isinstance(v, Mapping) and isinstance(out.get(k), Mapping):
            out[k] = _merge(dict(out[k]), v)
        elif v is not None:
            out[k] = v
    return out


def _from_env(environ: Mapping[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in environ.items():
        if not key.startswith("VERIAGENT_") or key in ("VERIAGENT_RAISE_ERRORS", "VERIAGENT_CONFIG"):
            continue
        parts = key[len("VERIAGENT_") :].lower().split("__")
        if parts[0] not in Settings.model_fields:
            continue
        node = out
        for p in parts[:-1]:
            node = node.setdefault(p, {})
        node[parts[-1]] = value
    if "OPENAI_API_KEY" in environ and "api_key" not in out:
        out["api_key"] = environ["OPENAI_API_KEY"]
    return out


def user_config_file() -> Path:
    """The per-user config file (``veriagent.toml`` in the platform's user config dir)."""
    return Path(platformdirs.user_config_dir("veriagent")) / CONFIG_FILE


def find_config_file(config_file: str | os.PathLike[str] | None, environ: Mapping[str, str]) -> Path | None:
    """The config file in effect: ``--config``, else ``$VERIAGENT_CONFIG``, else ``./veriagent.toml``,
    else the user config dir's ``veriagent.toml``; None when there is none.

    Raises:
        ConfigError: ``config_file`` was given and does not exist.
    """
    if config_file is not None:
        path = Path(config_file)
        if not path.is_file():
            raise ConfigError(f"{path}: config file not found")
        return path
    if environ.get("VERIAGENT_CONFIG"):
        path = Path(environ["VERIAGENT_CONFIG"])
        return path if path.is_file() else None
    for path in (Path(CONFIG_FILE), user_config_file()):
        if path.is_file():
            return path
    return None


def _nearest(loc: tuple[Any, ...]) -> str:
    """`` (did you mean `x`?)`` for an unknown key at ``loc``, from the fields of its section."""
    model: type[BaseModel] = Settings
    for part in loc[:-1]:
        ann = model.model_fields.get(str(part))
        sub = getattr(ann, "annotation", None) if ann else None
        if not (isinstance(sub, type) and issubclass(sub, BaseModel)):
            return ""
        model = sub
    close = difflib.get_close_matches(str(loc[-1]), list(model.model_fields), n=1, cutoff=0.5)
    return f" (did you mean `{close[0]}`?)" if close else ""


def load_settings(
    config_file: str | os.PathLike[str] | None = None,
    overrides: Mapping[str, Any] | None = None,
    environ: Mapping[str, str] | None = None,
) -> Settings:
    """Build :class:`Settings` from defaults, the config file, the environment and ``overrides``.

    Raises:
        ConfigError: the file is not valid TOML or a value does not fit its field.
    """
    env = os.environ if environ is None else environ
    data: dict[str, Any] = {}
    path = find_config_file(config_file, env)
    where = str(path) if path is not None else "config"
    if path is not None:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: not valid TOML: {exc}") from None
        try:
            Settings.model_validate(data)
        except ValidationError as exc:
            raise _config_error(where, exc) from None
    data = _merge(data, _from_env(env))
    data = _merge(data, overrides or {})
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        raise _config_error("config (file, VERIAGENT_* environment or flags)", exc) from None


def _config_error(where: str, exc: ValidationError) -> ConfigError:
    first = exc.errors()[0]
    loc = ".".join(str(x) for x in first["loc"])
    if first["type"] == "extra_forbidden":
        kind = "section" if isinstance(first.get("input"), dict) else "key"
        return ConfigError(f"{where}: unknown {kind} `{loc}`{_nearest(tuple(first['loc']))}")
    return ConfigError(f"{where}: {loc}: {first['msg']}")
