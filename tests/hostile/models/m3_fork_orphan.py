# forks a detached child that outlives the simulation (an orphan)
_os = __import__("os")
if _os.fork() == 0:
    _os.setsid()
    if _os.fork() == 0:
        _os.execvp("sleep", ["sleep", "@MARK@"])
    _os._exit(0)


def model(inp):
    a, b, c = inp["a"], inp["b"], inp["c"]
    return {"maj": (a & b) | (a & c) | (b & c)}
