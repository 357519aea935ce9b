"""veriagent.llm."""
