"""veriagent: writes Verilog RTL from a spec and proves it works with real tools."""

__version__ = "0.1.0"
