"""The built-in suite (``hdlbits-style/``), shipped in the wheel as ``veriagent.datasets``."""
