#!/usr/bin/env bash
# Install the HDL tools (Debian packages iverilog, verilator, yosys; make and g++ build Verilator
# simulations for code Icarus cannot take) and the sandbox for untrusted designs and model code
# (bubblewrap; setpriv comes with util-linux) when they are missing.
set -euo pipefail
missing=()
for cmd in iverilog vvp verilator yosys make g++ bwrap setpriv; do
  command -v "$cmd" >/dev/null 2>&1 || missing+=("$cmd")
done
[ ${#missing[@]} -eq 0 ] && exit 0
pkgs="iverilog verilator yosys make g++ bubblewrap util-linux"
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Debian packages: $pkgs (missing: ${missing[*]})"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq $pkgs >/dev/null
else
  echo "error: missing ${missing[*]}; install them with: sudo apt-get install -y $pkgs" >&2
  exit 2
fi
