# a non-daemon thread that never ends and starts a long-lived child process
import threading
import time


def _forever():
    __import__("subprocess").Popen(["sleep", "@MARK@"])
    while True:
        time.sleep(0.05)


threading.Thread(target=_forever).start()


def model(inp):
    a, b, c = inp["a"], inp["b"], inp["c"]
    return {"maj": (a & b) | (a & c) | (b & c)}
