"""A private Dovecot IMAP server on 127.0.0.1 for the tests (Debian's ``dovecot-imapd``)."""

from __future__ import annotations

import imaplib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

USER, PASSWORD = "service", "mailbox-secret"

CONFIG = """
protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
instance_name = aftersales-test-{port}
log_path = {root}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:~/Maildir
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/users
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/home/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def dovecot() -> Iterator[str]:
    """Start Dovecot; yield the ``imap://`` URL of the service mailbox; stop it."""
    binary = shutil.which("dovecot") or (
        "/usr/sbin/dovecot" if Path("/usr/sbin/dovecot").exists() else None
    )
    if binary is None or os.geteuid() != 0:
        if os.environ.get("REQUIRE_IMAP") == "1":
            pytest.fail("dovecot-imapd is required (REQUIRE_IMAP=1) and must run as root")
        pytest.skip("dovecot-imapd not installed (or not root)")
    root = Path(tempfile.mkdtemp(prefix="imap-"))
    root.chmod(0o755)
    for sub in ("run", "state", f"home/{USER}"):
        (root / sub).mkdir(parents=True)
    uid = gid = 65534  # nobody: Dovecot refuses to serve mail as root
    os.chown(root / "home" / USER, uid, gid)
    (root / "users").write_text(f"{USER}:{{PLAIN}}{PASSWORD}\n")
    port = _free_port()
    conf = root / "dovecot.conf"
    conf.write_text(CONFIG.format(root=root, port=port, uid=uid, gid=gid))
    subprocess.run([binary, "-c", str(conf)], check=True)
    try:
        for _ in range(50):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        yield f"imap://{USER}:{PASSWORD}@127.0.0.1:{port}/INBOX"
    finally:
        pid = (root / "run" / "master.pid").read_text().strip()
        subprocess.run(["kill", pid], check=False)
        time.sleep(0.3)
        shutil.rmtree(root, ignore_errors=True)


def deliver(url_port: int, raw: bytes) -> None:
    """Put a message into the mailbox as a mail server would (IMAP APPEND)."""
    imap = imaplib.IMAP4("127.0.0.1", url_port)
    imap.login(USER, PASSWORD)
    imap.append("INBOX", "", imaplib.Time2Internaldate(time.time()), raw)
    imap.logout()
