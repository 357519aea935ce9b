"""veriagent.agent."""
