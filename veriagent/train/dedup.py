"""Verilog text normalisation and (near-)duplicate detection: exact hashes, shingles, MinHash LSH.

Two normal forms are used:

* :func:`normalise` strips comments and collapses whitespace (exact duplicates "modulo layout");
* :func:`canonical_tokens` additionally renames every identifier to ``idN`` in order of first use,
  so a copy with renamed signals or a renamed module has the same canonical form.

Near duplicates are pairs whose canonical token 5-gram shingle sets have Jaccard similarity at
least a threshold (0.9 by default). :class:`NearDupIndex` finds candidates with MinHash LSH and
confirms them with the exact Jaccard, so it scales to many thousands of files.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from veriagent.hdl.text import strip_comments

_TOKEN_RE = re.compile(
    r"`?[A-Za-z_][A-Za-z0-9_$]*|\$[A-Za-z_][A-Za-z0-9_$]*|\\\S+|\d*'[sS]?[bBoOdDhH][0-9a-fA-FxXzZ_?]+"
    r"|\d[\d_]*(?:\.\d+)?|\"(?:\\.|[^\"\\])*\"|<<<|>>>|===|!==|<=|>=|==|!=|&&|\|\||<<|>>|\*\*|->|::|\S"
)

#: Verilog / SystemVerilog keywords kept as they are by :func:`canonical_tokens`.
KEYWORDS: frozenset[str] = frozenset(
    """always always_comb always_ff always_latch and assign automatic begin buf bufif0 bufif1 case casex
    casez cmos deassign default defparam disable edge else end endcase endfunction endgenerate endmodule
    endprimitive endspecify endtable endtask enum event for force forever fork function generate genvar
    highz0 highz1 if ifnone initial inout input integer join large localparam logic macromodule medium
    module nand negedge nmos nor not notif0 notif1 or output parameter pmos posedge primitive pull0 pull1
    pulldown pullup rcmos real realtime reg release repeat rnmos rpmos rtran rtranif0 rtranif1 scalared
    signed small specify specparam strong0 strong1 supply0 supply1 table task time tran tranif0 tranif1
    tri tri0 tri1 triand trior trireg unique unsigned vectored wait wand weak0 weak1 while wire wor xnor
    xor bit byte int shortint longint typedef struct packed union priority final assert return break
    continue do foreach import export package endpackage interface endinterface modport var void""".split()
)

SHINGLE = 5
NUM_PERM = 64
BANDS = 16
_MERSENNE = (1 << 61) - 1


def normalise(source: str) -> str:
    """Comments removed, whitespace collapsed around and between tokens."""
    return " ".join(_TOKEN_RE.findall(strip_comments(source)))


def canonical_tokens(source: str) -> list[str]:
    """Tokens of ``source`` with every non-keyword identifier renamed ``idN`` by first use."""
    names: dict[str, str] = {}
    out: list[str] = []
    for tok in _TOKEN_RE.findall(strip_comments(source)):
        if (tok[0].isalpha() or tok[0] == "_" or tok[0] == "\\") and tok not in KEYWORDS:
            tok = names.setdefault(tok, f"id{len(names)}")
        out.append(tok)
    return out


def text_tokens(text: str) -> list[str]:
    """Lower-cased words and numbers of prose (a spec): layout, case and punctuation ignored."""
    return re.findall(r"[a-z0-9_]+", text.lower())


def code_hash(source: str, *, text: bool = False) -> str:
    """sha256 of the canonical form (identical after renaming identifiers and re-formatting).

    ``text``: ``source`` is prose (a spec): hash its :func:`text_tokens` instead.
    """
    toks = text_tokens(source) if text else canonical_tokens(source)
    return hashlib.sha256(" ".join(toks).encode()).hexdigest()


def shingles(source: str, k: int = SHINGLE, *, text: bool = False) -> frozenset[int]:
    """64-bit hashes of the canonical token ``k``-grams (of :func:`text_tokens` when ``text``)."""
    toks = text_tokens(source) if text else canonical_tokens(source)
    if len(toks) < k:
        toks = toks + [""] * (k - len(toks))
    return frozenset(
        int.from_bytes(hashlib.blake2b("\x1f".join(toks[i : i + k]).encode(), digest_size=8).digest(), "big")
        for i in range(len(toks) - k + 1)
    )


def jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    """Jaccard similarity of two shingle sets (1.0 for two empty sets)."""
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def _perms(n: int) -> list[tuple[int, int]]:
    out = []
    for i in range(n):
        d = hashlib.sha256(f"veriagent-minhash-{i}".encode()).digest()
        out.append(
            (int.from_bytes(d[:8], "big") % (_MERSENNE - 1) + 1, int.from_bytes(d[8:16], "big") % _MERSENNE)
        )
    return out


_PERMS = _perms(NUM_PERM)


def minhash(sh: frozenset[int]) -> tuple[int, ...]:
    """The MinHash signature (``NUM_PERM`` values) of a shingle set."""
    if not sh:
        return tuple([0] * NUM_PERM)
    return tuple(min((a * x + b) % _MERSENNE for x in sh) for a, b in _PERMS)


@dataclass
class NearDupIndex:
    """An index of code snippets (or, with ``text``, prose) answering "is this a (near) duplicate of something
    indexed?".
    """

    threshold: float = 0.9
    text: bool = False
    _exact: dict[str, str] = field(default_factory=dict)
    _shingles: dict[str, frozenset[int]] = field(default_factory=dict)
    _buckets: dict[tuple[int, int], list[str]] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self._shingles)

    def add(self, key: str, source: str) -> None:
        """Index ``source`` under ``key``."""
        self._exact.setdefault(code_hash(source, text=self.text), key)
        sh = shingles(source, text=self.text)
        self._shingles[key] = sh
        for band in self._bands(sh):
            self._buckets.setdefault(band, []).append(key)

    def match(self, source: str) -> tuple[str, str, float] | None:
        """``(kind, key, similarity)`` of the closest indexed item if ``source`` duplicates one, else None.

        ``kind`` is ``"exact"`` (same canonical form) or ``"near"`` (Jaccard >= threshold).
        """
        h = code_hash(source, text=self.text)
        if h in self._exact:
            return ("exact", self._exact[h], 1.0)
        sh = shingles(source, text=self.text)
        best: tuple[str, str, float] | None = None
        seen: set[str] = set()
        for band in self._bands(sh):
            for key in self._buckets.get(band, ()):
                if key in seen:
                    continue
                seen.add(key)
                sim = jaccard(sh, self._shingles[key])
                if sim >= self.threshold and (best is None or sim > best[2]):
                    best = ("near", key, sim)
        return best

    @staticmethod
    def _bands(sh: frozenset[int]) -> Iterable[tuple[int, int]]:
        sig = minhash(sh)
        rows = NUM_PERM // BANDS
        for b in range(BANDS):
            yield (b, hash(sig[b * rows : (b + 1) * rows]))
