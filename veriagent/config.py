"""Layered, typed configuration: defaults < veriagent.toml < environment < command-line flags.

Environment variables are read here and nowhere else: ``VERIAGENT_<FIELD>`` for top-level fields
(e.g. ``VERIAGENT_MODEL``), ``VERIAGENT_<SECTION>__<FIELD>`` for nested ones
(e.g. ``VERIAGENT_AGENT__MAX_ITERS=4``).
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import platformdirs
from pydantic import BaseModel, Field, ValidationError

from veriagent.errors import ConfigError

CONFIG_FILE = "veriagent.toml"


class AgentConfig(BaseModel):
    """Budget and behaviour of the generate loop."""

    max_iters: int = Field(6, ge=1, description="Repair iterations at most.")
    max_tokens: int = Field(60_000, ge=1000, description="Total tokens (prompt + completion) at most.")
    timeout: float = Field(1800.0, gt=0, description="Wall-clock seconds for one generate run.")
    samples: int = Field(1, ge=1, description="Independent candidates drawn for the first draft.")
    temperature: float = Field(0.0, ge=0.0, le=2.0, description="Sampling temperature.")
    max_reply_tokens: int = Field(1500, ge=64, description="Completion tokens for one reply.")
    repeat_penalty: float = Field(1.0, ge=1.0, le=2.0,
                                  description="Penalty on repeating recent tokens (1.0 = off; ~1.1 against loops).")
    max_malformed: int = Field(3, ge=1, description="Consecutive replies without usable code before giving up.")
    self_test: bool = Field(True, description="Have the model write cocotb tests from the spec.")


class SimConfig(BaseModel):
    """Simulation and tool settings."""

    timeout: float = Field(120.0, gt=0, description="Seconds for one simulation.")
    compile_timeout: float = Field(60.0, gt=0, description="Seconds for one compile or lint.")


class LLMConfig(BaseModel):
    """Talking to model servers (openai:, ollama:)."""

    timeout: float = Field(600.0, gt=0, description="Seconds to wait for one HTTP answer from a model server.")


class BenchConfig(BaseModel):
    """Batch-run settings."""

    jobs: int = Field(default_factory=lambda: os.cpu_count() or 1, ge=1)
    batch_size: int = Field(20, ge=1, description="Candidates judged in one simulation.")
    seed: int = 1


class TrainConfig(BaseModel):
    """Fine-tuning defaults."""

    held_out_suites: list[str] = Field(default_factory=list, description="Suites never trained on.")
    lora_r: int = 8
    lora_alpha: int = 16
    learning_rate: float = 2e-4
    max_length: int = 1024
    truncate: bool = Field(False, description="Cut samples longer than max_length instead of dropping them.")
    base: str | None = Field(None, description="Base model for finetune (HF dir, .gguf, or catalogue name).")
    lora_dropout: float = Field(0.05, ge=0.0, lt=1.0)
    target_modules: list[str] = Field(default_factory=lambda: ["q_proj", "v_proj"])
    epochs: float = Field(1.0, gt=0)
    max_steps: int | None = Field(None, ge=1, description="Optimizer steps; overrides epochs.")
    batch_size: int | None = Field(None, ge=1, description="Micro-batch; None: 2 on CPU, 8 on a GPU.")
    grad_accum: int = Field(1, ge=1)
    dtype: str = Field("bf16", description="bf16 or fp32.")
    eval_every: int = Field(0, ge=0, description="Evaluate every N steps (0: before and after training only).")
    eval_samples: int = Field(0, ge=0, description="Validation samples of the eval loss (0: all; else spread evenly).")
    gen_check: int = Field(2, ge=0, description="Validation prompts generated greedily at each evaluation (0: off).")
    gen_max_new_tokens: int = Field(0, ge=0, description="Token budget of the generation check (0: from the references).")
    select_best: bool = Field(True, description="Keep the evaluated adapter whose replies end, with the lowest eval loss.")
    seed: int = 1
    val_fraction: float = Field(0.1, ge=0.0, lt=1.0, description="Share of problems held for validation.")


class Settings(BaseModel):
    """All of veriagent's settings."""

    model: str = Field("local:qwen2.5-coder-1.5b", description="Default model spec for generate/bench.")
    base_url: str | None = Field(None, description="Base URL for openai: models.")
    api_key: str | None = Field(None, repr=False, description="API key for openai: models (never logged).")
    cache_dir: Path = Field(default_factory=lambda: Path(platformdirs.user_cache_dir("veriagent")))
    runs_dir: Path = Field(Path("runs"), description="Where generate writes runs/<id>/.")
    llm_concurrency: int = Field(1, ge=1, description="LLM calls at once (local models: keep 1).")
    llm_threads: int = Field(
        0, ge=0, description="llama.cpp threads for local: models (0 = auto: the cores other processes leave idle)."
    )
    agent: AgentConfig = Field(default_factory=AgentConfig)
    sim: SimConfig = Field(default_factory=SimConfig)
    llm: LLMConfig = Field(default_factory=LLMConfig)
    bench: BenchConfig = Field(default_factory=BenchConfig)
    train: TrainConfig = Field(default_factory=TrainConfig)

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
        parts = key[len("VERIAGENT_"):].lower().split("__")
        if parts[0] not in Settings.model_fields:
            continue
        node = out
        for p in parts[:-1]:
            node = node.setdefault(p, {})
        node[parts[-1]] = value
    if "OPENAI_API_KEY" in environ and "api_key" not in out:
        out["api_key"] = environ["OPENAI_API_KEY"]
    return out


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
    path = Path(config_file or env.get("VERIAGENT_CONFIG") or CONFIG_FILE)
    if path.is_file():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    elif config_file is not None:
        raise ConfigError(f"{path}: config file not found")
    data = _merge(data, _from_env(env))
    data = _merge(data, overrides or {})
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(x) for x in first["loc"])
        raise ConfigError(f"config: {loc}: {first['msg']}") from None
