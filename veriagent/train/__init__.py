"""veriagent.train."""
