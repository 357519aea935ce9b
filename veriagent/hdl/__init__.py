"""veriagent.hdl."""
