"""A throwaway PostgreSQL server on loopback, for the tests and for CI.

``python tests/pgserver.py start DIR`` initialises a cluster in DIR, starts it on a free port of 127.0.0.1 (its
socket in DIR too) and prints its URL; ``python tests/pgserver.py stop DIR`` stops it and removes DIR. PostgreSQL
refuses to run as root, so as root the server runs as the ``postgres`` user (or ``nobody``), which owns DIR.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

USER = "faqbot"


def binaries() -> Path | None:
    """The folder holding initdb and pg_ctl: on the PATH, or Debian's /usr/lib/postgresql/N/bin."""
    found = shutil.which("pg_ctl")
    if found and shutil.which("initdb"):
        return Path(found).resolve().parent
    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if Path(folder, "pg_ctl").exists() and Path(folder, "initdb").exists():
            return Path(folder)
    return None


def _as_server_user() -> tuple[list[str], pwd.struct_passwd | None]:
    """The prefix that runs a command as an unprivileged user when we are root, and that user."""
    if os.geteuid() != 0:
        return [], None
    for name in ("postgres", "nobody"):
        try:
            user = pwd.getpwnam(name)
        except KeyError:
            continue
        return ["setpriv", f"--reuid={user.pw_uid}", f"--regid={user.pw_gid}", "--clear-groups", "--"], user
    raise RuntimeError("running as root and there is no unprivileged user (postgres, nobody) to run PostgreSQL as")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _run(command: list[str]) -> None:
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stdout}{done.stderr}")


def url_of(folder: Path) -> str:
    port = (folder / "port").read_text().strip()
    return f"postgresql://{USER}@127.0.0.1:{port}/postgres"


def init(folder: Path | None = None) -> Path:
    """A new cluster in ``folder`` (default: a new temporary folder, readable by the server's user)."""
    bin_dir = binaries()
    if bin_dir is None:
        raise RuntimeError("PostgreSQL's initdb and pg_ctl are not installed")
    folder = Path(folder or tempfile.mkdtemp(prefix="faqbot-pg-"))
    folder.mkdir(parents=True, exist_ok=True)
    prefix, user = _as_server_user()
    if user is not None:
        os.chown(folder, user.pw_uid, user.pw_gid)
    (folder / "port").write_text(str(_free_port()))
    _run([*prefix, str(bin_dir / "initdb"), "-D", str(folder / "data"), "-U", USER, "--auth=trust", "-E", "UTF8"])
    return folder


def start(folder: Path) -> str:
    """Start (or restart) the cluster in ``folder``; its URL."""
    bin_dir = binaries()
    assert bin_dir is not None
    prefix, _ = _as_server_user()
    port = (folder / "port").read_text().strip()
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {folder} -c fsync=off -c max_connections=200"
    log_file = folder / "server.log"
    _run([*prefix, str(bin_dir / "pg_ctl"), "start", "-w", "-t", "60", "-D", str(folder / "data"), "-l", str(log_file),
          "-o", options])  # fmt: skip
    return url_of(folder)


def stop(folder: Path, *, remove: bool = False) -> None:
    bin_dir = binaries()
    assert bin_dir is not None
    prefix, _ = _as_server_user()
    if (folder / "data" / "postmaster.pid").exists():
        _run([*prefix, str(bin_dir / "pg_ctl"), "stop", "-w", "-m", "fast", "-D", str(folder / "data")])
    if remove:
        shutil.rmtree(folder, ignore_errors=True)


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in {"start", "stop"}:
        print("usage: pgserver.py start|stop DIR", file=sys.stderr)
        return 2
    folder = Path(argv[1])
    if argv[0] == "start":
        init(folder)
        print(start(folder))
    else:
        stop(folder, remove=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
