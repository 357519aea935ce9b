#!/usr/bin/env bash
# Install llama-cpp-python into a venv as a build that runs on this CPU, and prove it generates.
#
# Usage: scripts/setup_llama.sh VENV_PYTHON     (what `make llama` runs)
#        scripts/setup_llama.sh --print-flags   (print the build key and CMake flags for this CPU)
#
# Why not `pip install llama-cpp-python`: its default build uses -DGGML_NATIVE=ON, and on these
# machines (Sapphire Rapids class, with AMX) the natively built AMX kernels die with SIGILL. We build
# with GGML_NATIVE=OFF and an explicit instruction-set list instead: the AVX-512 set (fastest) when
# the CPU has all of it (with or without AVX-VNNI), else a generic build. pip's own wheel cache ignores CMAKE_ARGS, so the wheel
# is built with --no-cache-dir into a project-owned cache keyed by the flag set
# (~/.cache/veriagent/wheels/{avx512,generic}/) and installed from there; later runs reuse it.
# After installing, a subprocess loads the smallest local GGUF and generates a few tokens; if that
# crashes, the cached wheel is removed and this script fails with the reason.
set -euo pipefail

PY=${1:?usage: setup_llama.sh VENV_PYTHON | --print-flags}
VERSION=0.3.36
CACHE_ROOT=${VERIAGENT_WHEEL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/veriagent/wheels}

flags=$(grep -m1 '^flags' "${VERIAGENT_CPUINFO:-/proc/cpuinfo}" 2>/dev/null || true)
has_all() { for f in "$@"; do [[ " $flags " == *" $f "* ]] || return 1; done; }
if has_all avx512f avx512bw avx512vl avx512vbmi avx512_vnni avx512_bf16 avx_vnni; then
  KEY=avx512
  CMAKE_FLAGS="-DGGML_NATIVE=OFF -DGGML_AVX512=ON -DGGML_AVX512_VBMI=ON -DGGML_AVX512_VNNI=ON -DGGML_AVX512_BF16=ON -DGGML_AVX_VNNI=ON"
elif has_all avx512f avx512bw avx512vl avx512vbmi avx512_vnni avx512_bf16; then
  # AMD Zen 4 class: the AVX-512 set without the VEX-coded AVX-VNNI (seen here: "AMD EPYC")
  KEY=avx512-novex
  CMAKE_FLAGS="-DGGML_NATIVE=OFF -DGGML_AVX512=ON -DGGML_AVX512_VBMI=ON -DGGML_AVX512_VNNI=ON -DGGML_AVX512_BF16=ON"
else
  KEY=generic
  CMAKE_FLAGS="-DGGML_NATIVE=OFF"
fi
if [[ "$PY" == "--print-flags" ]]; then
  echo "$KEY $CMAKE_FLAGS"
  exit 0
fi
VENV_DIR=$(cd "$(dirname "$PY")/.." && pwd)
WHEEL_DIR="$CACHE_ROOT/$KEY"
STAMP="$VENV_DIR/.llama-cpp-python-$VERSION-$KEY.verified"

if [[ -f "$STAMP" ]] && "$PY" -c "import llama_cpp, sys; sys.exit(llama_cpp.__version__ != '$VERSION')" 2>/dev/null; then
  echo "llama-cpp-python $VERSION ($KEY build) already installed and verified"
  exit 0
fi
rm -f "$VENV_DIR"/.llama-cpp-python-*.verified

shopt -s nullglob
wheels=("$WHEEL_DIR"/llama_cpp_python-"$VERSION"-*.whl)
if (( ${#wheels[@]} == 0 )); then
  echo "building llama-cpp-python $VERSION ($KEY: $CMAKE_FLAGS); this takes several minutes..."
  mkdir -p "$WHEEL_DIR"
  build_log="$WHEEL_DIR/build.log"
  if ! CMAKE_ARGS="$CMAKE_FLAGS" "$PY" -m pip wheel --no-cache-dir --no-deps -w "$WHEEL_DIR" \
        "llama-cpp-python==$VERSION" >"$build_log" 2>&1; then
    tail -20 "$build_log" >&2
    echo "error: building llama-cpp-python failed (full log: $build_log); it needs cmake and a C++ compiler" >&2
    exit 1
  fi
  wheels=("$WHEEL_DIR"/llama_cpp_python-"$VERSION"-*.whl)
  (( ${#wheels[@]} > 0 )) || { echo "error: pip wheel produced no llama-cpp-python wheel in $WHEEL_DIR" >&2; exit 1; }
else
  echo "reusing cached wheel ${wheels[0]}"
fi

"$PY" -m pip install -q --force-reinstall --no-deps "${wheels[0]}"
"$PY" -m pip install -q "${wheels[0]}"   # its dependencies (numpy, diskcache, jinja2, typing-extensions)

echo "verifying that llama.cpp generates on this CPU..."
set +e
out=$("$PY" -m veriagent.llm.selfcheck 2>&1)
rc=$?
set -e
if (( rc != 0 )); then
  echo "$out" >&2
  if (( rc >= 128 )); then
    sig=$((rc - 128))
    reason="killed by signal $sig ($(kill -l "$sig" 2>/dev/null || echo '?'))"
  else
    reason="exit code $rc"
  fi
  if (( rc >= 128 )) || [[ "$out" == *"Illegal instruction"* ]]; then
    echo "error: llama-cpp-python ($KEY build) crashed while generating: $reason." >&2
    echo "error: removed the cached wheel ${wheels[0]} and uninstalled it; the CPU lacks an instruction this build uses." >&2
    rm -f "${wheels[0]}"
    "$PY" -m pip uninstall -q -y llama-cpp-python || true
  else
    echo "error: llama-cpp-python selfcheck failed: $reason" >&2
  fi
  exit 1
fi
echo "$out"
printf 'version=%s\nkey=%s\ncmake=%s\nwheel=%s\n' "$VERSION" "$KEY" "$CMAKE_FLAGS" "${wheels[0]}" >"$STAMP"
echo "llama-cpp-python $VERSION ($KEY build) installed and verified"
