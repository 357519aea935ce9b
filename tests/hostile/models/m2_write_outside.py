# writes files above its working directory and at absolute paths
def model(inp):
    for path in ("../../../../m2_escape.txt", "../m2_escape_parent.txt", "@CANARY@/m2_abs.txt",
                 "/tmp/m2_hostile.txt", "/var/tmp/m2_hostile.txt"):
        try:
            with open(path, "w") as f:
                f.write("escaped")
        except OSError:
            pass
    a, b, c = inp["a"], inp["b"], inp["c"]
    return {"maj": (a & b) | (a & c) | (b & c)}
