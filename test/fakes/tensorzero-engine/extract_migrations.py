"""Prints, as JSON, the Postgres migrations embedded in the installed `tensorzero` wheel.

The wheel (PyPI `tensorzero`) embeds TensorZero's gateway as a pyo3 extension but exposes no
way to run `gateway --run-postgres-migrations`. Its sqlx migrators are compiled in as static
arrays of `sqlx::migrate::Migration { description, checksum, sql, version, .. }` (88 bytes
each, every text field a borrowed `Cow`: the niche word 0x8000000000000000, a pointer that
the dynamic loader fills from an R_X86_64_RELATIVE relocation, and a length). We find them by
looking for a 48-byte `Cow<[u8]>` that is the SHA-384 of the `Cow<str>` right after it, which
is exactly sqlx's checksum of the migration's SQL, so a wrongly decoded struct cannot pass.

Output: {"tensorzero_version", "library", "migrators": [{"table", "migrations": [{"version",
"description", "checksum", "sql"}]}]}. Exit code 2 with a message when the layout is not what
we expect (e.g. a new sqlx or TensorZero release): never a partial result.
"""

import hashlib
import json
import struct
import sys
from importlib import metadata
from pathlib import Path

from elftools.elf.elffile import ELFFile
from elftools.elf.relocation import RelocationSection

NICHE = 0x8000000000000000  # `Cow::Borrowed` in the capacity word of `Cow<str>` / `Cow<[u8]>`
STRUCT_SIZE = 88
R_X86_64_RELATIVE = 8

# Which `_sqlx_migrations` table each migrator records into (the gateway checks all three).
CORE, AUTH, STORED_CONFIG = "_sqlx_migrations", "tensorzero_auth__sqlx_migrations", "tensorzero_stored_config__sqlx_migrations"


def fail(message: str) -> None:
    print(f"extract_migrations: {message}", file=sys.stderr)
    sys.exit(2)


def library_path() -> Path:
    import tensorzero.tensorzero as native  # the pyo3 extension

    return Path(native.__file__)


class Image:
    """The loadable segments of the shared object and its relative relocations."""

    def __init__(self, path: Path) -> None:
        self.data = path.read_bytes()
        with path.open("rb") as f:
            elf = ELFFile(f)
            if elf["e_machine"] != "EM_X86_64":
                fail(f"{path} is {elf['e_machine']}, only x86-64 is understood")
            self.segments = [(s["p_vaddr"], s["p_offset"], s["p_filesz"]) for s in elf.iter_segments() if s["p_type"] == "PT_LOAD"]
            self.relocs: dict[int, int] = {}
            for section in elf.iter_sections():
                if isinstance(section, RelocationSection) and section.is_RELA():
                    for r in section.iter_relocations():
                        if r["r_info_type"] == R_X86_64_RELATIVE:
                            self.relocs[r["r_offset"]] = r["r_addend"]

    def offset(self, vaddr: int) -> int | None:
        for va, off, size in self.segments:
            if va <= vaddr < va + size:
                return off + (vaddr - va)
        return None

    def word(self, vaddr: int) -> int | None:
        o = self.offset(vaddr)
        return None if o is None else struct.unpack_from("<Q", self.data, o)[0]

    def borrowed(self, ptr_vaddr: int) -> bytes | None:
        """The bytes of a borrowed Cow whose pointer field is at `ptr_vaddr`, if it is one."""
        if ptr_vaddr not in self.relocs or self.word(ptr_vaddr - 8) != NICHE:
            return None
        length = self.word(ptr_vaddr + 8)
        target = self.offset(self.relocs[ptr_vaddr])
        if length is None or target is None or length > len(self.data) - target:
            return None
        return self.data[target : target + length]


def find_migrations(image: Image) -> list[dict]:
    found = []
    for ptr in image.relocs:
        checksum = image.borrowed(ptr)
        if checksum is None or len(checksum) != 48:
            continue
        sql = image.borrowed(ptr + 24)
        if sql is None or hashlib.sha384(sql).digest() != checksum:
            continue
        base = ptr - 32  # description Cow, checksum Cow, sql Cow, version, flags
        description = image.borrowed(base + 8)
        version = image.word(base + 72)
        if description is None or version is None:
            fail(f"migration struct at {base:#x} does not have the expected sqlx layout")
        if image.word(base + 80) != 0:  # migration_type (Simple = 0) and no_tx (false) share this word
            fail(f"migration {version} is reversible or no-transaction; this applier only runs simple ones")
        found.append({"base": base, "version": version, "description": description.decode(), "checksum": checksum.hex(), "sql": sql.decode()})
    return sorted(found, key=lambda m: m["base"])


def group_arrays(migrations: list[dict]) -> list[list[dict]]:
    arrays: list[list[dict]] = []
    for m in migrations:
        if arrays and arrays[-1][-1]["base"] + STRUCT_SIZE == m["base"]:
            arrays[-1].append(m)
        else:
            arrays.append([m])
    return arrays


def assign_tables(arrays: list[list[dict]]) -> dict[str, list[dict]]:
    """Core = the largest migrator; auth = the one creating `tensorzero_auth_*`; the rest = stored config."""
    if len(arrays) != 3:
        fail(f"expected 3 sqlx migrators (core, auth, stored config), found {len(arrays)}")
    by_size = sorted(arrays, key=len, reverse=True)
    core, rest = by_size[0], by_size[1:]
    auth = [a for a in rest if any("tensorzero_auth_" in m["sql"] for m in a)]
    if len(auth) != 1:
        fail("could not tell the auth migrator from the stored-config migrator")
    stored = [a for a in rest if a is not auth[0]]
    return {CORE: core, AUTH: auth[0], STORED_CONFIG: stored[0]}


def main() -> None:
    path = library_path()
    tables = assign_tables(group_arrays(find_migrations(Image(path))))
    out = {
        "tensorzero_version": metadata.version("tensorzero"),
        "library": str(path),
        "migrators": [
            {
                "table": table,
                "migrations": [{k: m[k] for k in ("version", "description", "checksum", "sql")} for m in sorted(ms, key=lambda m: m["version"])],
            }
            for table, ms in tables.items()
        ],
    }
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
