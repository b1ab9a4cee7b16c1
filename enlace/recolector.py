"""Python's cycle collector paused around work that builds many objects and keeps them until it ends.

Every full collection walks each tracked object of the process again: the whole heap (248,597 objects and
96 ms in a worker that has loaded the application, ~250 ms in the benchmark process) and all the job has
built so far. A job that allocates hundreds of thousands of long-lived objects triggers several of them; paused,
it pays for one pass afterwards over what it left: next to nothing for the sweep or a campaign, the layout's
cycles for a PDF (0.55 s for 600 rows of GC-FOR-21). Measured: that GC-FOR-21 11.2 -> 7.5 s of CPU (alternating
in one process); the release sweep of 10,000 apartados 570 ms in two full collections -> none; a campaign to
50,000 customers 680 ms -> 9 ms; an inventory import of 5,000 prices 325 ms -> none.
"""

import gc
from contextlib import contextmanager


@contextmanager
def sin_recolector():
    """Pause the cycle collector for the ``with`` block (or the decorated function) and resume it after,
    even on error. With two of these in two threads, the one that paused collection first resumes it."""
    activo = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if activo:
            gc.enable()
