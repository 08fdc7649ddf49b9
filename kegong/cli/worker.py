"""``kegong worker``: the process that runs the background jobs (web imports and reports) from the queue in
the database; ``kegong serve`` starts one as its child (``WorkerChild``) unless told ``--no-worker``."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

import click

from kegong.cli.app import django_command, main
from kegong.core.errors import InputError

RESTART_AFTER = 5.0  # seconds before a worker child that stopped is started again (doubled each time it
MAX_RESTART_AFTER = 300.0  # stops within a minute of its start, up to this)
PARENT_ENV = "KEGONG_WORKER_PARENT"  # the pid of the kegong serve a worker child belongs to


@main.command()
@click.option("--once", is_flag=True, help="处理完队列中已有的任务后退出（不等待新任务）。")
@click.option("--max-tasks", type=click.IntRange(min=1), default=None, help="处理这么多项任务后退出。")
@click.option("--duration", type=click.FloatRange(min=0), default=None, help="运行这么多秒后退出（做完手上的任务）。")
@click.option("--interval", type=click.FloatRange(min=0.05), default=1.0, show_default=True,
              help="队列为空时每隔几秒查看一次。")
@django_command()
def worker(once: bool, max_tasks: int | None, duration: float | None, interval: float) -> None:
    """运行后台任务进程：处理网页上提交的导入和报告生成。

    任务保存在数据库中：网页服务或本进程中途退出，任务不会丢失，重新启动后继续处理。
    kegong serve 默认已在旁边启动一个本进程；单独运行时可作为系统服务（见 docs/jobs.md）。
    """
    from django.apps import apps

    if not apps.is_installed("kegong.jobs"):
        raise InputError("后台任务队列未启用：设置中没有 kegong.jobs（见 docs/jobs.md），网页的导入和报告在网页进程中运行")
    from kegong.jobs.models import READY, QueuedTask
    from kegong.jobs.worker import new_worker_id, run_worker

    stopping = threading.Event()

    def on_signal(signum, frame) -> None:  # finish the task in hand, then stop
        stopping.set()

    signal.signal(signal.SIGTERM, on_signal)

    parent = int(os.environ.get(PARENT_ENV) or 0)  # started by kegong serve: stop when it has gone

    def stop() -> bool:
        return (stopping.is_set() or (parent and os.getppid() != parent)
                or (once and not QueuedTask.objects.filter(status=READY).exists()))

    worker_id = new_worker_id()
    click.echo(f"kegong 后台任务进程 {worker_id} 已启动（按 Ctrl+C 停止）")
    try:
        ran = run_worker(interval=interval, max_tasks=max_tasks, duration=duration, stop=stop, worker_id=worker_id)
    except KeyboardInterrupt:
        click.echo("已停止后台任务进程（未完成的任务留在队列中，下次启动后重新处理）")
        return
    click.echo(f"后台任务进程已退出，共处理 {ran} 项任务")


class WorkerChild:
    """A ``kegong worker`` child process beside the web server, started again when it stops by itself."""

    def __init__(self) -> None:
        self.proc: subprocess.Popen | None = None
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._watch, name="kegong-worker-child", daemon=True)

    def command(self) -> list[str]:
        return [sys.executable, "-m", "kegong", "worker"]

    def start(self) -> WorkerChild:
        self._spawn()
        self.thread.start()
        return self

    def _spawn(self) -> None:
        self.started = time.monotonic()
        env = {**os.environ, PARENT_ENV: str(os.getpid())}
        self.proc = subprocess.Popen(self.command(), env=env, stdin=subprocess.DEVNULL)

    def _watch(self) -> None:
        delay = RESTART_AFTER
        while not self.stopped.wait(min(1.0, RESTART_AFTER)):
            if self.proc is None or self.proc.poll() is None:
                continue
            delay = delay * 2 if time.monotonic() - self.started < 60 else RESTART_AFTER
            delay = min(delay, MAX_RESTART_AFTER)
            click.echo(f"后台任务进程已退出（代码 {self.proc.returncode}），{delay:g} 秒后重新启动", err=True)
            if not self.stopped.wait(delay):
                self._spawn()

    def stop(self, timeout: float = 30.0) -> None:
        """Ask the child to finish its task in hand and stop (SIGTERM); kill it after ``timeout`` seconds."""
        self.stopped.set()
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
