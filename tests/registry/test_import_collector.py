"""The collector settings of an import (stream.collections_for_import) when imports overlap."""

import gc

from casys.registry.services import stream


def test_overlapping_imports_leave_the_collector_as_the_first_found_it(thawed_heap):
    """Two imports in two threads of one process (the job worker) end in either order: the
    thresholds and the thawed heap come back when the last one ends, not when the first does."""
    before = gc.get_threshold()
    first, second = stream.collections_for_import(), stream.collections_for_import()
    first.__enter__()
    second.__enter__()
    assert gc.get_threshold()[0] == stream.GC_THRESHOLD and gc.get_freeze_count() > 0
    first.__exit__(None, None, None)  # the first ends while the second still runs
    assert gc.get_threshold()[0] == stream.GC_THRESHOLD and gc.get_freeze_count() > 0
    second.__exit__(None, None, None)
    assert (gc.get_threshold(), gc.get_freeze_count()) == (before, 0)
