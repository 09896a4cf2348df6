"""Shared test set-up: no unit test may reach past this machine."""

import ipaddress
import socket

import matplotlib
import pytest

matplotlib.use("Agg")

_connect = socket.socket.connect


def _local_only(self, address):
    host = address[0] if isinstance(address, tuple) else None
    if host is not None:
        try:
            local = host == "localhost" or ipaddress.ip_address(host).is_loopback
        except ValueError:
            local = False
        if not local:
            raise RuntimeError(f"a test tried to reach the network ({host}); tests run offline")
    return _connect(self, address)


@pytest.fixture(autouse=True)
def offline(monkeypatch):
    """Refuse every socket connection that does not go to this machine."""
    monkeypatch.setattr(socket.socket, "connect", _local_only)
