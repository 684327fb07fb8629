"""Named reasons a document cannot be extracted; anything else is a bug."""


class ExtractionError(Exception):
    """A document could not be turned into report tables."""


class UnreadableDocument(ExtractionError):
    """The bytes cannot be decoded or parsed as any supported format."""


class NoTablesFound(ExtractionError):
    """The document was read but holds none of the three report tables."""


class UnknownTemplate(ExtractionError):
    """Tables were found but match neither the 2019 nor the 2021 template."""


class NeedsOCR(ExtractionError):
    """The document's pages have no text layer (scans); OCR is needed."""


class TooComplex(ExtractionError):
    """The document exceeds a count budget (pages, objects, glyphs, boxes, cells)."""


class TooLarge(ExtractionError):
    """The document exceeds a size limit (file, memory, decompressed stream, table area)."""


class TooDeep(ExtractionError):
    """The document nests deeper than allowed (recursion, tables in tables, forms in forms)."""
