"""The compressed holding of many objects (scoring/batch/packed.py): what goes in comes out, in
order, however the items are split into blocks and pieces."""

from __future__ import annotations

import errno
import gc
import os
import pickle
from dataclasses import replace
from pathlib import Path

import pytest

from scoring.batch.packed import (BLOCK_ROWS, PENDING_ITEMS, PackedGroups, PackedRows, Spool,
                                  SpoolError, SpoolWriter, pack, unpack)


def test_pack_gives_back_an_equal_new_object():
    row = {"code": "001001", "name": "南京市人民政府办公厅", "points": 2.5, "_row": 7}
    data = pack(row)
    assert isinstance(data, bytes) and unpack(data) == row and unpack(data) is not row


@pytest.mark.parametrize("count", [0, 1, BLOCK_ROWS, BLOCK_ROWS + 1, 3 * BLOCK_ROWS - 5])
def test_packed_rows_are_a_sequence_of_what_was_appended(count):
    rows: PackedRows[dict] = PackedRows()
    expected = [{"code": f"{index:06d}", "_row": index + 2} for index in range(count)]
    for row in expected:
        rows.append(row)
    assert len(rows) == count and bool(rows) is (count > 0)
    assert list(rows) == expected and list(rows) == expected  # iterated twice, same rows
    if count:
        assert rows[0] == expected[0] and rows[-1] == expected[-1]
        assert rows[count // 2] == expected[count // 2]
        assert rows[1:4] == expected[1:4]
    with pytest.raises(IndexError):
        rows[count]


def test_packed_groups_give_each_key_its_items_in_order_however_they_interleave():
    groups: PackedGroups[int] = PackedGroups()
    keys = ["A", "A", "B", "A", "C", "C", "B", "A"]
    for item, key in enumerate(keys):
        groups.add(key, item)
    assert "A" in groups and "C" in groups  # before close: the last key is still pending
    groups.close()
    assert "D" not in groups and groups.pop("D") is None
    assert groups.pop("A") == [0, 1, 3, 7]
    assert "A" not in groups and groups.pop("A") is None  # given back once
    assert groups.pop("C") == [4, 5] and groups.pop("B") == [2, 6]


def test_a_pending_group_is_given_back_without_close():
    groups: PackedGroups[str] = PackedGroups()
    groups.add("001001", "第 2 行")
    groups.add("001001", "第 3 行")
    assert groups.pop("001001") == ["第 2 行", "第 3 行"]


def test_interleaved_groups_are_packed_in_few_pieces():
    """Rows of 300 units alternating (a framework sheet sorted by 指标编码): each group is packed
    in a few pieces (one per :data:`PENDING_ITEMS` items added), not one piece per row."""
    groups: PackedGroups[dict] = PackedGroups()
    for index in range(53 * 300):
        groups.add(f"{index % 300:06d}", {"code": f"B{index // 300}", "_row": index + 2})
    groups.close()
    pieces = {key: len(value) for key, value in groups._pieces.items()}
    assert len(pieces) == 300 and max(pieces.values()) <= -(-53 * 300 // PENDING_ITEMS)
    assert groups.pop("000007") == [{"code": f"B{row}", "_row": row * 300 + 7 + 2} for row in range(53)]


def test_a_spool_gives_back_each_item_and_is_removed_by_its_maker_only():
    spool = Spool()
    folder = Path(spool.path).parent
    items = [{"code": f"{index:06d}", "name": "单位" * index} for index in range(5)]
    with SpoolWriter(spool.path) as writer:
        places = [writer.put(pack(item)) for item in items]
    assert [place.offset for place in places] == [
        sum(place.size for place in places[:index]) for index in range(5)]
    assert [unpack(place.read()) for place in reversed(places)] == items[::-1]
    if os.name == "posix":
        assert oct(folder.stat().st_mode & 0o777) == "0o700"  # only this user opens it
    if hasattr(os, "fork"):  # a forked worker drops its copy: the folder stays
        pid = os.fork()
        if pid == 0:
            try:
                del spool
                gc.collect()
            finally:
                os._exit(0)
        os.waitpid(pid, 0)
        assert folder.is_dir()
    del spool
    gc.collect()
    assert not folder.exists()
    with pytest.raises(OSError):
        places[0].read()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="sealed only where workers are forked")
def test_a_sealed_spool_leaves_nothing_behind_and_is_read_here_and_in_forked_processes():
    """Sealed (issue #13), the file is gone from the temporary folder as soon as it is written,
    so a run killed later leaves nothing; its items are read through the descriptor, by this
    process and by the ones it forks, for as long as an item keeps the spool (``owner``)."""
    spool = Spool()
    folder = Path(spool.path).parent
    with SpoolWriter(spool.path) as writer:
        place = replace(writer.put(pack({"单位编码": "001001"})), owner=spool)
    spool.seal()
    assert not folder.exists()
    pid = os.fork()
    if pid == 0:
        os._exit(0 if unpack(place.read()) == {"单位编码": "001001"} else 1)
    assert os.waitpid(pid, 0)[1] == 0
    del spool
    gc.collect()  # the item keeps its spool
    assert unpack(place.read()) == {"单位编码": "001001"}
    carried = pickle.loads(pickle.dumps(place))  # what a worker receives: no owner
    assert carried == place and carried.owner is None and place.owner is not None


def test_a_spool_that_cannot_be_written_raises_a_spool_error_naming_it(tmp_path):
    """Only the spool's own writing raises :class:`SpoolError` (so the reader reports it as a
    temporary file, and nothing else as one), with the system's error number."""

    class FullDisk:
        def write(self, data):
            raise OSError(errno.ENOSPC, "No space left on device")

        def close(self):
            raise OSError(errno.ENOSPC, "No space left on device")

    path = str(tmp_path / "parcels.bin")
    writer = SpoolWriter(path)
    writer._file.close()
    writer._file = FullDisk()
    with pytest.raises(SpoolError) as raised:
        writer.put(b"x")
    assert raised.value.errno == errno.ENOSPC and raised.value.filename == path
    with pytest.raises(SpoolError):
        writer.__exit__(None, None, None)
    with pytest.raises(SpoolError) as raised:
        SpoolWriter(str(tmp_path / "没有的文件夹" / "parcels.bin"))
    assert raised.value.errno == errno.ENOENT
