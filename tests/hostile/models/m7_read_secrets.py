# reads secrets outside the run and records what it could see (evidence.txt in its directory)
import json

_seen = {}
for _path in ("/etc/shadow", "@CANARY@/secret.txt", "/root/.bashrc"):
    try:
        with open(_path) as _f:
            _seen[_path] = _f.read(64)
    except OSError as _exc:
        _seen[_path] = None
_seen["HOME"] = __import__("os").environ.get("HOME")
_seen["uid"] = __import__("os").getuid()
with open("evidence.json", "w") as _f:
    json.dump(_seen, _f)


def model(inp):
    a, b, c = inp["a"], inp["b"], inp["c"]
    return {"maj": (a & b) | (a & c) | (b & c)}
