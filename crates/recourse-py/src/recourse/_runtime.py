"""Loading the component (recourse.wasm) into wasmtime, with the compiled artifact cached.

Compiling the 1.7 MB component with Cranelift takes about 5 s on a small machine; the compiled
artifact is written once to a cache folder and later imports deserialize it (about 0.2 s). The
cache key is the component's SHA-256, wasmtime's version and the machine, so a rebuilt component
or another wasmtime never reuses a stale artifact. Set ``RECOURSE_CACHE_DIR`` to choose the
folder (default: ``$XDG_CACHE_HOME/recourse`` or ``~/.cache/recourse``), or to an empty string to
disable the cache.

The component gets WASI with nothing granted: no files, no environment, no arguments, no stdio
(std links the WASI interfaces; the only one the evaluator calls is ``wasi:random/insecure-seed``,
for the seeds of Rust's hash maps, which never reach a result).
"""

from __future__ import annotations

import hashlib
import os
import platform
import tempfile
import threading
from importlib import metadata
from pathlib import Path
from typing import Any, Dict, List, Optional

import wasmtime
from wasmtime.component import Component, Func, Instance, Linker

WASM_PATH = Path(__file__).with_name("recourse.wasm")
INTERFACE = "recourse:engine/engine@0.1.0"


def _cache_dir() -> Optional[Path]:
    configured = os.environ.get("RECOURSE_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "recourse"


def _load_component(engine: wasmtime.Engine, wasm: bytes) -> Component:
    folder = _cache_dir()
    if folder is None:
        return Component(engine, wasm)
    key = hashlib.sha256(wasm)
    key.update(metadata.version("wasmtime").encode())
    key.update(platform.machine().encode())
    cached = folder / f"recourse-{key.hexdigest()[:32]}.cwasm"
    if cached.is_file():
        try:
            # Read, not mapped (deserialize_file): a file truncated under a running process
            # would otherwise kill it with SIGBUS.
            return Component.deserialize(engine, cached.read_bytes())
        except (wasmtime.WasmtimeError, OSError):
            pass  # written by an incompatible build: compile again and replace it
    component = Component(engine, wasm)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".recourse-", suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            f.write(component.serialize())
        os.replace(tmp, cached)  # atomic: concurrent Spark workers never read half a file
    except OSError:
        pass  # a read-only home is not an error: the next import compiles again
    return component


class Runtime:
    """One wasmtime store with one instance of the component; calls are serialized by a lock."""

    def __init__(self, wasm_path: Path = WASM_PATH) -> None:
        if not wasm_path.is_file():
            raise FileNotFoundError(
                f"{wasm_path} is missing: build it with .ci/build-component (cargo build --target wasm32-wasip2)"
            )
        self.engine = wasmtime.Engine()
        self.component = _load_component(self.engine, wasm_path.read_bytes())
        self.store = wasmtime.Store(self.engine)
        self.store.set_wasi(wasmtime.WasiConfig())  # nothing granted
        linker = Linker(self.engine)
        linker.add_wasip2()
        self.instance: Instance = linker.instantiate(self.store, self.component)
        self.lock = threading.Lock()
        self._deferred: List[Any] = []
        self._funcs: Dict[str, Func] = {}
        iface = self.instance.get_export_index(self.store, INTERFACE)
        if iface is None:
            raise RuntimeError(f"{wasm_path} does not export {INTERFACE}")
        self._iface = iface

    def func(self, name: str) -> Func:
        f = self._funcs.get(name)
        if f is None:
            index = self.instance.get_export_index(self.store, name, self._iface)
            f = self.instance.get_func(self.store, index) if index is not None else None
            if f is None:
                raise RuntimeError(f"the component does not export {INTERFACE}#{name}")
            self._funcs[name] = f
        return f

    def call(self, name: str, *args: Any) -> Any:
        with self.lock:
            self._drop_deferred()
            f = self.func(name)
            result = f(self.store, *args)
            f.post_return(self.store)
            return result

    def drop(self, resource: Any) -> None:
        """Free a resource now (``Policy.close``)."""
        with self.lock:
            self._drop_deferred()
            resource.drop(self.store)

    def drop_later(self, resource: Any) -> None:
        """Free a resource at the next call: what a finalizer does. A finalizer may run in the
        middle of a call (the garbage collector runs wherever Python allocates), where taking
        the lock would deadlock and entering the component would be refused."""
        self._deferred.append(resource)  # list.append is atomic

    def _drop_deferred(self) -> None:
        while self._deferred:
            resource = self._deferred.pop()
            try:
                resource.drop(self.store)
            except ValueError:
                # The collector finalized the handle itself first (a cycle is finalized in no
                # set order): wasmtime-py refuses it as "already closed". The policy's memory
                # in the component stays allocated; close() or a `with` block avoids that.
                pass


_runtime: Optional[Runtime] = None
_runtime_lock = threading.Lock()


def runtime() -> Runtime:
    """The process's runtime, made on first use."""
    global _runtime
    if _runtime is None:
        with _runtime_lock:
            if _runtime is None:
                _runtime = Runtime()
    return _runtime


