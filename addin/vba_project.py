"""A VBA project (``xl/vbaProject.bin``) written from module source text, per MS-OVBA.

The file is a compound file (:mod:`addin.vba_compound_file`) with:

* ``PROJECT`` (2.3.1): text properties — project ID, the module list, name, protection
  fields, the host extender line;
* ``PROJECTwm`` (2.3.3): module names in the code page and in UTF-16;
* ``VBA/dir`` (2.3.4.2), compressed: project information, references, module records;
* ``VBA/_VBA_PROJECT`` (2.3.4.1): only the 7-byte header with version 0xFFFF, which tells
  Office that there is no compiled performance cache to reuse, so it compiles the project
  from source on first load (as Beakerboy's vbaProjectCompiler and xlwings' own quickstart
  add-in do);
* ``VBA/<module>`` (2.3.4.3): each module's source, compressed (2.4.1), with no performance
  cache in front (``MODULEOFFSET`` 0).

Source text is stored in the project's code page (``PROJECTCODEPAGE``); it is encoded here
and a character the code page lacks is an error, never silently replaced.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from enum import Enum

from . import vba_compound_file
from .vba_compression import compress, decompress

#: ``_VBA_PROJECT`` without a performance cache: Reserved1 0x61CC, Version 0xFFFF, Reserved2
#: 0x00, Reserved3 0x0001 — byte for byte the stream of xlwings' quickstart add-in (2.3.4.1).
VBA_PROJECT_STREAM = struct.pack("<HHBH", 0x61CC, 0xFFFF, 0x00, 0x0001)

#: The VBE host extender every Office VBA project names (2.3.1.18).
HOST_EXTENDER = "&H00000001={3832D640-CF90-11CF-8E43-00A0C911005A};VBE;&H00000000"


class ModuleKind(Enum):
    """What a module is: how ``PROJECT`` lists it and which ``MODULETYPE`` record it gets."""

    STANDARD = "Module"
    CLASS = "Class"
    DOCUMENT = "Document"


@dataclass(frozen=True)
class Module:
    """One module: its name (also its stream name) and its source with CRLF line ends."""

    name: str
    kind: ModuleKind
    source: str


@dataclass(frozen=True)
class Reference:
    """A registered type library reference (REFERENCENAME + REFERENCEREGISTERED, 2.3.4.2.2).

    ``libid`` is the LibidReference text (2.1.1.8): ``*\\G{GUID}#version#LCID#path#description``.
    """

    name: str
    libid: str


@dataclass(frozen=True)
class Project:
    """The properties of a VBA project that the streams carry.

    ``protection`` holds the three encrypted ``CMG``/``DPB``/``GC`` values (2.3.1.15–17) as
    hex text. They are encrypted with a key made from ``project_id`` (2.4.3), so both are taken
    together from an existing unprotected, visible project. ``version`` is PROJECTVERSION
    (major, minor; 2.3.4.2.1.11) and ``version_compatible`` the PROJECT stream's
    ``VersionCompatible32``.
    """

    name: str
    project_id: str
    protection: tuple[str, str, str]
    version: tuple[int, int]
    version_compatible: str
    references: tuple[Reference, ...]
    modules: tuple[Module, ...]
    code_page: int = 1252
    lcid: int = 0x0409

    @property
    def codec(self) -> str:
        """The Python codec of ``code_page``."""
        return f"cp{self.code_page}"


def _record(record_id: int, data: bytes) -> bytes:
    """A dir stream record: Id (2 bytes), Size (4 bytes), data."""
    return struct.pack("<HI", record_id, len(data)) + data


def _text_records(record_id: int, unicode_id: int, text: str, codec: str) -> bytes:
    """A record pair holding ``text`` in the code page and again in UTF-16 (e.g. 2.3.4.2.1.5)."""
    return _record(record_id, text.encode(codec)) + _record(unicode_id, text.encode("utf-16-le"))


def _information(project: Project) -> bytes:
    """PROJECTINFORMATION (2.3.4.2.1), with an empty doc string, help file and constants."""
    major, minor = project.version
    return b"".join([
        _record(0x0001, struct.pack("<I", 1)),  # PROJECTSYSKIND: 32-bit Windows
        _record(0x0002, struct.pack("<I", project.lcid)),  # PROJECTLCID
        _record(0x0014, struct.pack("<I", project.lcid)),  # PROJECTLCIDINVOKE
        _record(0x0003, struct.pack("<H", project.code_page)),  # PROJECTCODEPAGE
        _record(0x0004, project.name.encode(project.codec)),  # PROJECTNAME
        _text_records(0x0005, 0x0040, "", project.codec),  # PROJECTDOCSTRING
        _record(0x0006, b"") + _record(0x003D, b""),  # PROJECTHELPFILEPATH: two empty paths
        _record(0x0007, struct.pack("<I", 0)),  # PROJECTHELPCONTEXT
        _record(0x0008, struct.pack("<I", 0)),  # PROJECTLIBFLAGS
        struct.pack("<HIIH", 0x0009, 4, major, minor),  # PROJECTVERSION (Reserved = 4)
        _text_records(0x000C, 0x003C, "", project.codec),  # PROJECTCONSTANTS
    ])


def _reference(reference: Reference, codec: str) -> bytes:
    """REFERENCENAME then REFERENCEREGISTERED (2.3.4.2.2.1, 2.3.4.2.2.5)."""
    libid = reference.libid.encode(codec)
    registered = struct.pack("<I", len(libid)) + libid + struct.pack("<IH", 0, 0)
    return (_text_records(0x0016, 0x003E, reference.name, codec)
            + _record(0x000D, registered))


def _module(module: Module, codec: str) -> bytes:
    """MODULE (2.3.4.2.3.2): name, stream name, no doc string, offset 0, cookie 0xFFFF."""
    kind = 0x0021 if module.kind is ModuleKind.STANDARD else 0x0022
    return b"".join([
        _record(0x0019, module.name.encode(codec)),  # MODULENAME
        _record(0x0047, module.name.encode("utf-16-le")),  # MODULENAMEUNICODE
        _text_records(0x001A, 0x0032, module.name, codec),  # MODULESTREAMNAME
        _text_records(0x001C, 0x0048, "", codec),  # MODULEDOCSTRING
        _record(0x0031, struct.pack("<I", 0)),  # MODULEOFFSET: source starts the stream
        _record(0x001E, struct.pack("<I", 0)),  # MODULEHELPCONTEXT
        _record(0x002C, struct.pack("<H", 0xFFFF)),  # MODULECOOKIE
        _record(kind, b""),  # MODULETYPE: procedural, or document/class
        _record(0x002B, b""),  # Terminator
    ])


def dir_stream(project: Project) -> bytes:
    """The uncompressed ``dir`` stream (2.3.4.2)."""
    modules = struct.pack("<HIH", 0x000F, 2, len(project.modules))  # PROJECTMODULES count
    modules += struct.pack("<HIH", 0x0013, 2, 0xFFFF)  # PROJECTCOOKIE
    return b"".join([
        _information(project),
        *(_reference(reference, project.codec) for reference in project.references),
        modules,
        *(_module(module, project.codec) for module in project.modules),
        _record(0x0010, b""),  # Terminator of the dir stream
    ])


def project_stream(project: Project) -> bytes:
    """The ``PROJECT`` stream (2.3.1), lines ending in CRLF."""
    lines = [f'ID="{project.project_id}"']
    for module in project.modules:
        suffix = "/&H00000000" if module.kind is ModuleKind.DOCUMENT else ""
        lines.append(f"{module.kind.value}={module.name}{suffix}")
    cmg, dpb, gc = project.protection
    lines += [f'Name="{project.name}"', 'HelpContextID="0"',
              f'VersionCompatible32="{project.version_compatible}"',
              f'CMG="{cmg}"', f'DPB="{dpb}"', f'GC="{gc}"', "",
              "[Host Extender Info]", HOST_EXTENDER, "", "[Workspace]"]
    lines += [f"{module.name}=0, 0, 0, 0, C" for module in project.modules]
    return ("\r\n".join(lines) + "\r\n").encode(project.codec)


def project_wm_stream(project: Project) -> bytes:
    """The ``PROJECTwm`` stream (2.3.3): each name in the code page and in UTF-16."""
    names = (module.name.encode(project.codec) + b"\0" + module.name.encode("utf-16-le")
             + b"\0\0" for module in project.modules)
    return b"".join(names) + b"\0\0"


def write(project: Project) -> bytes:
    """The ``vbaProject.bin`` bytes of ``project``; the same project gives the same bytes.

    Raises:
        UnicodeEncodeError: A name or source has a character the project's code page lacks.
        ValueError: A module's source does not end its lines with CRLF.
    """
    vba: vba_compound_file.Storage = {
        "_VBA_PROJECT": VBA_PROJECT_STREAM,
        "dir": compress(dir_stream(project)),
    }
    for module in project.modules:
        if "\n" in module.source.replace("\r\n", ""):
            raise ValueError(f"module {module.name} has a line not ending in CRLF")
        vba[module.name] = compress(module.source.encode(project.codec))
    return vba_compound_file.write({
        "PROJECT": project_stream(project),
        "PROJECTwm": project_wm_stream(project),
        "VBA": vba,
    })


def read_sources(dir_compressed: bytes, module_streams: dict[str, bytes]) -> dict[str, str]:
    """Module name → source text of an existing project, from its ``VBA/dir`` stream and the
    ``VBA/<name>`` streams (as a compound file reader such as ``olefile`` returns them).

    Each module's compressed source starts at its ``MODULEOFFSET`` (after any performance
    cache) and is decoded in the project's code page (2.3.4.2.1.4).
    """
    records = decompress(dir_compressed)
    offsets: dict[str, int] = {}
    codec, name, index = "cp1252", "", 0
    while index < len(records):
        record_id, size = struct.unpack_from("<HI", records, index)
        if record_id == 0x0009:  # PROJECTVERSION: Size says 4, but 6 bytes of version follow
            size = 6
        body = records[index + 6:index + 6 + size]
        if record_id == 0x0003:
            codec = f"cp{struct.unpack('<H', body)[0]}"
        elif record_id == 0x001A:  # MODULESTREAMNAME
            name = body.decode(codec)
        elif record_id == 0x0031:  # MODULEOFFSET
            offsets[name] = struct.unpack("<I", body)[0]
        index += 6 + size
    return {name: decompress(module_streams[name][offset:]).decode(codec)
            for name, offset in offsets.items()}
