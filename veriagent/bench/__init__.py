"""veriagent.bench."""
