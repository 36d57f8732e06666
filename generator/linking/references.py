"""Pass 3: every field that names a note (an actor, an issue …) names one of the right kind."""

from __future__ import annotations

from generator.kinds.fields import Refers
from generator.linking.linker import Linker


def run(linker: Linker) -> None:
    for note in linker.documents:
        for found in note.found:
            if isinstance(found.marker, Refers):
                linker.check_ref(note, found.path, found.value, found.marker.kind)
