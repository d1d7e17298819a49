"""The task queue's storage, on both databases: consumers taking tasks at once (several
processes, each with its own connection) take every task exactly once."""

from __future__ import annotations

import threading
from dataclasses import replace

from exhibitions.tasks import make_huey


def test_consumers_at_once_take_every_task_exactly_once(settings, database_url):
    queued = replace(settings, task_queue_url=database_url)  # SQLite: the file in the data folder
    processes = [make_huey(queued) for _ in range(4)]  # one storage, so one connection, each
    for number in range(200):
        processes[0].storage.enqueue(str(number).encode())
    taken: list[list[bytes]] = [[] for _ in processes]
    start = threading.Barrier(len(processes))

    def consume(index: int) -> None:
        start.wait()
        while (data := processes[index].storage.dequeue()) is not None:
            taken[index].append(bytes(data))

    threads = [threading.Thread(target=consume, args=(index,)) for index in range(len(processes))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    everything = sorted(int(data) for mine in taken for data in mine)
    assert everything == list(range(200))
    for huey in processes:
        huey.storage.close()
