"""Briefing: structured notes in, a cross-linked briefing site out.

The pipeline, one module per stage (build.py runs them in order):

1. load      content/ and seeds/ → raw notes with line numbers      (load.py, yamltree.py)
2. validate  raw notes → typed notes, one problem per bad field     (validate.py, model.py)
3. link      the whole corpus → ids, references, citations, quotes  (link.py, blocks.py)
4. render    corpus → {page: Markdown}; note text → safe HTML       (render.py, markup.py)
5. write     pages → build/docs, unchanged files left alone         (write.py, paths.py)
6. engine    MkDocs → a fresh folder, swapped in as site/           (engine.py)

Every stage adds to one Problems collection; nothing is written when it holds an error.
"""

__version__ = "0.1.0"
