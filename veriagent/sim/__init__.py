"""veriagent.sim."""
