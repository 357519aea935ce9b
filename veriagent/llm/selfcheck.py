"""``python -m veriagent.llm.selfcheck``: prove llama-cpp-python loads a GGUF and generates tokens.

Run in a subprocess by ``scripts/setup_llama.sh`` so that a broken build (SIGILL in a CPU kernel)
kills only this process. Uses the smallest pulled catalogue model, pulling ``smollm2-135m``
(98 MB) when none is present. Prints one line of numbers; exit 0 on success.
"""

from __future__ import annotations

import sys
import time


def main() -> int:
    """Load the smallest model, generate a few tokens, print what happened."""
    from veriagent.config import load_settings
    from veriagent.errors import VeriagentError
    from veriagent.llm.base import GenParams, Message
    from veriagent.llm.local_gguf import create
    from veriagent.llm.models import pull, smallest_pulled

    settings = load_settings()
    try:
        entry = smallest_pulled(settings)
        name = entry.name if entry else pull("smollm2-135m", settings).name
        t0 = time.monotonic()
        backend = create(name, settings)
        reply = backend.chat([Message("user", "Say hello.")], GenParams(max_tokens=8, seed=1))
    except VeriagentError as exc:
        sys.stderr.write(f"selfcheck: {exc}\n")
        return 2
    if reply.usage.completion_tokens < 1:
        sys.stderr.write(f"selfcheck: {name} generated no tokens\n")
        return 1
    sys.stdout.write(
        f"selfcheck ok: {name} generated {reply.usage.completion_tokens} tokens "
        f"in {reply.latency:.2f}s (load+gen {time.monotonic() - t0:.1f}s): {reply.text[:40]!r}\n"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
